using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// No SQL Server runs here, so the taxonomy reports' OPENJSON query (<see cref="TouchpointTagQuery"/>) is checked
/// without one: EF's SQL Server provider produces the command text, Microsoft's own T-SQL parser (ScriptDom, SQL Server
/// 2022 grammar) must accept it, the table and columns it reads must be the SQL Server model's, and the columns it
/// returns must be <see cref="TouchpointTagCount"/>'s properties. Its results are not checked here (SQLite and
/// PostgreSQL run the same counts against an in-process reference in TaxonomyReportsInDatabaseTests).
/// </summary>
public sealed class SqlServerTouchpointTagQueryTests
{
    [Fact]
    public void OpenJsonQuery_ParsesAsTSql_ReadsModelColumns_ReturnsTheCountProperties()
    {
        using var db = new SqlServerMeiroDbContext("Server=localhost;Database=never_opened;Encrypt=false");
        string sql = db.Database.SqlQueryRaw<TouchpointTagCount>(TouchpointTagQuery.SqlFor(DatabaseProvider.SqlServer)).ToQueryString();
        Assert.Contains("OPENJSON", sql);

        var script = Parse(sql, out var errors);
        Assert.Empty(errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));

        // What it reads: conversion_paths and, through the alias p, columns the SQL Server model has.
        var reads = new ReadsVisitor();
        script.Accept(reads);
        var paths = db.GetService<IDesignTimeModel>().Model.FindEntityType(typeof(ConversionPath))!;
        var table = StoreObjectIdentifier.Table(paths.GetTableName()!, paths.GetSchema());
        Assert.Equal([paths.GetTableName()!], reads.Tables.Distinct());
        var modelColumns = paths.GetProperties().Select(p => p.GetColumnName(table)).ToHashSet();
        Assert.NotEmpty(reads.PathColumns);
        Assert.All(reads.PathColumns, c => Assert.Contains(c, modelColumns));
        Assert.Equal("nvarchar(max)", paths.FindProperty(nameof(ConversionPath.PathJson))!.GetColumnType());   // what OPENJSON takes

        // What it returns: the outer SELECT's column names are the properties EF materializes.
        var outer = (QuerySpecification)((SelectStatement)script.Batches.Single().Statements.Single()).QueryExpression;
        var returned = outer.SelectElements.Cast<SelectScalarExpression>()
            .Select(e => e.ColumnName?.Value ?? ((ColumnReferenceExpression)e.Expression).MultiPartIdentifier.Identifiers[^1].Value);
        Assert.Equal(typeof(TouchpointTagCount).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(), returned.Order());
    }

    [Fact]
    public void TheParser_RefusesBrokenTSql()
    {
        // The check above can fail: the same query with a parenthesis dropped, or PostgreSQL's LATERAL, does not parse.
        string sql = TouchpointTagQuery.SqlFor(DatabaseProvider.SqlServer);
        Parse(sql.Replace("OPENJSON(p.[PathJson])", "OPENJSON(p.[PathJson]"), out var unbalanced);
        Assert.NotEmpty(unbalanced);
        Parse(TouchpointTagQuery.SqlFor(DatabaseProvider.Postgres), out var postgres);
        Assert.NotEmpty(postgres);
    }

    private static TSqlScript Parse(string sql, out IList<ParseError> errors)
    {
        using var reader = new StringReader(sql);
        return (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out errors);
    }

    /// <summary>Tables named in FROM, and the columns read through the journeys' alias p.</summary>
    private sealed class ReadsVisitor : TSqlFragmentVisitor
    {
        public List<string> Tables { get; } = [];
        public List<string> PathColumns { get; } = [];

        public override void Visit(NamedTableReference node) => Tables.Add(node.SchemaObject.BaseIdentifier.Value);

        public override void Visit(ColumnReferenceExpression node)
        {
            var parts = node.MultiPartIdentifier?.Identifiers;
            if (parts is { Count: 2 } && parts[0].Value == "p") PathColumns.Add(parts[1].Value);
        }
    }
}
