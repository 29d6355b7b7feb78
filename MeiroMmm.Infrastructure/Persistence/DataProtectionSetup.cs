using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>
/// Where the Data Protection key ring lives. PostgreSQL and SQL Server: the data_protection_keys table, so cookies,
/// antiforgery tokens and sign-in tickets issued by one instance are read by every other (the scale-out setup).
/// SQLite is one instance by design, so its keys stay in a folder next to the database (DataProtection:KeysPath).
/// </summary>
public static class DataProtectionSetup
{
    public const string KeysPathKey = "DataProtection:KeysPath";

    public static IServiceCollection AddMeiroDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddDataProtection().SetApplicationName("meiro-mmm");
        // The contexts are created by MeiroDbContextFactory; EntityFrameworkCoreXmlRepository resolves one per scope.
        services.AddScoped<MeiroDbContext>(sp => sp.GetRequiredService<MeiroDbContextFactory>().CreateDbContext());
        // Chosen when options are first read, not now: test hosts add Database:Provider after registration.
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, ILoggerFactory, DatabaseSettings>((o, sp, logs, db) =>
            o.XmlRepository = db.Provider == DatabaseProvider.Sqlite
                ? new FileSystemXmlRepository(new DirectoryInfo(configuration[KeysPathKey] ?? Path.Combine(contentRoot, "data", "keys")), logs)
                : new EntityFrameworkCoreXmlRepository<MeiroDbContext>(sp, logs));
        return services;
    }
}
