using MeiroMmm.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;

namespace MeiroMmm.Tests.Infrastructure;

public sealed class DatabaseSettingsTests
{
    private static DatabaseSettings Read(params (string Key, string Value)[] values) =>
        DatabaseSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build(), "/srv/app");

    [Fact]
    public void Default_IsSqliteUnderTheContentRoot()
    {
        var settings = Read();
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal("/srv/app/data/meiro-mmm.db", settings.Target());
    }

    [Fact]
    public void UnknownProvider_NamesTheSetting() =>
        Assert.Equal("Database:Provider 'Oracle' is not supported: use Sqlite, Postgres or SqlServer.",
            Assert.Throws<StartupConfigurationException>(() => Read(("Database:Provider", "Oracle"))).Message);

    [Fact]
    public void PostgresWithoutConnectionString_NamesTheSetting() =>
        Assert.Contains("ConnectionStrings:Meiro is required", Assert.Throws<StartupConfigurationException>(() => Read(("Database:Provider", "Postgres"))).Message);

    [Theory]
    [InlineData("Postgres", "Host=localhost;Bogus Key=1")]
    [InlineData("Postgres", "this is not a connection string")]
    [InlineData("SqlServer", "Server=x;Nonsense=1")]
    public void MalformedConnectionString_NamesTheSetting(string provider, string connectionString)
    {
        var ex = Assert.Throws<StartupConfigurationException>(() => Read(("Database:Provider", provider), ("ConnectionStrings:Meiro", connectionString)));
        Assert.StartsWith($"ConnectionStrings:Meiro is not a valid {provider} connection string", ex.Message);
    }
}
