using System.Data;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// No SQL Server runs here, so the SqlBulkCopy ingestion path cannot run. What breaks a bulk copy first is a column the
/// table does not have, or a null where the column is NOT NULL: this checks the tables it builds against the SQL
/// Server model (the one its migrations create), column by column.
/// </summary>
public sealed class SqlServerBulkInserterTests
{
    private static IModel SqlServerModel()
    {
        using var db = new SqlServerMeiroDbContext("Server=localhost;Database=never_opened;Encrypt=false");
        return db.GetService<IDesignTimeModel>().Model;
    }

    private static void AssertMatches(IModel model, Type entity, DataTable table)
    {
        var type = model.FindEntityType(entity)!;
        var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd)
            .ToDictionary(p => p.GetColumnName(store)!, p => p.IsNullable);
        Assert.Equal(columns.Keys.Order(), table.Columns.Cast<DataColumn>().Select(c => c.ColumnName).Order());
        var row = Assert.Single(table.Rows.Cast<DataRow>());
        foreach (DataColumn c in table.Columns)
            if (!columns[c.ColumnName]) Assert.False(row.IsNull(c), $"{type.GetTableName()}.{c.ColumnName} is NOT NULL but the bulk row has null");
    }

    [Fact]
    public void BulkTables_NameExactlyTheSqlServerColumns_AndFillEveryNotNullOne()
    {
        var model = SqlServerModel();
        var path = new ConversionPath
        {
            ConversionId = "o1", ProfileId = "c1", PathJson = "[]", PathHash = "h", ChannelPath = "email", Origin = "upload",
            JourneyDate = new DateOnly(2026, 1, 3), ImportedAt = DateTimeOffset.UnixEpoch,   // every nullable column left null
        };
        AssertMatches(model, typeof(ConversionPath), SqlServerBulkInserter.PathTable([path]));
        var pathTable = SqlServerBulkInserter.PathTable([path]);
        Assert.Equal(new DateTime(2026, 1, 3), pathTable.Rows[0]["JourneyDate"]);   // date column: midnight, no offset
        Assert.True(pathTable.Rows[0].IsNull("ConversionTs"));

        var aggregate = new PathAggregate { Date = new DateOnly(2026, 1, 3), PathHash = "h", ChannelPath = "email", PathLength = 1, Conversions = 2 };
        AssertMatches(model, typeof(PathAggregate), SqlServerBulkInserter.AggregateTable([aggregate]));
    }
}
