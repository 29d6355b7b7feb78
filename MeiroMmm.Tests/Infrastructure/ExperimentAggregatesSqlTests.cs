using System.Text.RegularExpressions;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// The experiment results' bucket query (<c>ExperimentAggregates</c>) runs on SQLite and PostgreSQL in
/// ExperimentResultsAggregateTests; no SQL Server runs here. What can be checked without one: the SQL Server text is
/// the tested text with only the UTC-day expression swapped, and every table and column it names exists under that
/// name in the SQL Server model, with the timestamps as <c>datetimeoffset</c> (what SWITCHOFFSET needs).
/// </summary>
public sealed partial class ExperimentAggregatesSqlTests
{
    [Fact]
    public void SqlServerText_IsTheTestedTextWithOnlyTheDayExpressionSwapped()
    {
        string Normalized(DatabaseProvider provider) => ExperimentAggregates.BucketSql(provider)
            .Replace(ExperimentAggregates.DayNumber(provider, "a.\"AssignedAt\""), "DAY(assigned)")
            .Replace(ExperimentAggregates.DayNumber(provider, "o.\"FirstAt\""), "DAY(first)");
        string sqlite = Normalized(DatabaseProvider.Sqlite);
        Assert.Contains("DAY(assigned)", sqlite);
        Assert.Contains("DAY(first)", sqlite);
        Assert.Equal(sqlite, Normalized(DatabaseProvider.Postgres));
        Assert.Equal(sqlite, Normalized(DatabaseProvider.SqlServer));
        Assert.Contains("SWITCHOFFSET(a.\"AssignedAt\", '+00:00')", ExperimentAggregates.BucketSql(DatabaseProvider.SqlServer));
    }

    [Fact]
    public void SqlServerText_NamesOnlyTablesAndColumnsOfTheSqlServerModel()
    {
        using var db = new SqlServerMeiroDbContext("Server=localhost;Database=never_opened;Encrypt=false");
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        string sql = ExperimentAggregates.BucketSql(DatabaseProvider.SqlServer);
        var tables = new[] { "experiment_assignments", "experiment_exposures", "experiment_outcomes" }
            .ToDictionary(t => t, t => model.FindTable(t, null) ?? model.FindTable(t, "dbo"));
        Assert.All(tables, t => Assert.True(t.Value is not null, $"no table {t.Key} in the SQL Server model"));
        foreach (string table in tables.Keys) Assert.Contains(" " + table, sql);

        // Every quoted name is a column of one of the three tables or an alias the query itself defines.
        string[] aliases = ["GroupName", "Exposed", "AssignedDay", "ConvertedDay", "Profiles", "Value", "ValueSquares", "FirstAt"];
        var columns = tables.Values.SelectMany(t => t!.Columns).ToDictionary(c => c.Table.Name + "." + c.Name, c => c);
        foreach (string name in QuotedName().Matches(sql).Select(m => m.Groups[1].Value).Distinct())
            Assert.True(aliases.Contains(name) || columns.Keys.Any(k => k.EndsWith("." + name, StringComparison.Ordinal)), $"\"{name}\" is no column or alias");
        Assert.Equal("datetimeoffset", columns["experiment_assignments.AssignedAt"].StoreType);
        Assert.Equal("datetimeoffset", columns["experiment_outcomes.ConvertedAt"].StoreType);
        Assert.Equal("float", columns["experiment_outcomes.Value"].StoreType);
    }

    [GeneratedRegex("\"([A-Za-z]+)\"")]
    private static partial Regex QuotedName();
}
