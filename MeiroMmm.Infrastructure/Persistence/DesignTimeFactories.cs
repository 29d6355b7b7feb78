using Microsoft.EntityFrameworkCore.Design;

namespace MeiroMmm.Infrastructure.Persistence;

// Used only by `dotnet ef migrations add … --context XMeiroDbContext`: building a migration needs the model, not a server.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMeiroDbContext>
{
    public SqliteMeiroDbContext CreateDbContext(string[] args) => new("Data Source=design-time.db");
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMeiroDbContext>
{
    public PostgresMeiroDbContext CreateDbContext(string[] args) => new("Host=localhost;Database=meiro_design");
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerMeiroDbContext>
{
    public SqlServerMeiroDbContext CreateDbContext(string[] args) => new("Server=localhost;Database=meiro_design;Trusted_Connection=True;TrustServerCertificate=True");
}
