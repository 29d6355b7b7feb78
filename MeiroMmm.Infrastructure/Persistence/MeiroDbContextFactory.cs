using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>Creates the context for the configured provider. Stateless, so a singleton; every caller disposes what it gets.</summary>
public sealed class MeiroDbContextFactory(DatabaseSettings settings) : IDbContextFactory<MeiroDbContext>
{
    public DatabaseSettings Settings => settings;

    public MeiroDbContext CreateDbContext() => settings.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteMeiroDbContext(settings.ConnectionString),
        DatabaseProvider.Postgres => new PostgresMeiroDbContext(settings.ConnectionString),
        DatabaseProvider.SqlServer => new SqlServerMeiroDbContext(settings.ConnectionString),
        _ => throw new StartupConfigurationException($"{DatabaseSettings.ProviderKey} '{settings.Provider}' is not supported."),
    };
}
