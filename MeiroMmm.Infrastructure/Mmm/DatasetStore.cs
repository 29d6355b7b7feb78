using MeiroMmm.Domain.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Mmm;

public sealed record DatasetSummary(
    Guid Id, string Name, string Frequency, DateOnly PeriodStart, DateOnly PeriodEnd, int RowCount,
    IReadOnlyList<string> Kpis, IReadOnlyList<string> Channels, IReadOnlyList<string> Controls, string Origin, bool HasTruth, DateTimeOffset CreatedAt);

public sealed record DatasetDetail(DatasetSummary Summary, MmmWideData Data, string? TruthJson);

/// <summary>Reads stored MMM datasets. One context per call: a singleton.</summary>
public sealed class DatasetStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Datasets.AsNoTracking()
            .Select(d => new { Dataset = d, Columns = d.Columns.OrderBy(c => c.Ordinal).Select(c => new { c.Name, c.Role }).ToList() })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.Dataset.CreatedAt).Select(r => Summarize(r.Dataset, r.Columns.Select(c => (c.Name, c.Role))))];
    }

    public async Task<DatasetDetail?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Datasets.AsNoTracking().Include(d => d.Columns).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (row is null) return null;
        return new DatasetDetail(Summarize(row, row.Columns.OrderBy(c => c.Ordinal).Select(c => (c.Name, c.Role))), DatasetMapper.ToDomain(row), row.TruthJson);
    }

    /// <summary>Saves a validated upload: the dataset row and all its columns in one transaction, or nothing.</summary>
    public async Task<DatasetSummary> SaveAsync(string name, string frequency, MmmWideData data, string origin, DateTimeOffset createdAt, CancellationToken ct)
    {
        var row = DatasetMapper.ToRow(name.Trim(), frequency, data, origin, createdAt);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Datasets.Add(row);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return Summarize(row, row.Columns.OrderBy(c => c.Ordinal).Select(c => (c.Name, c.Role)));
    }

    /// <summary>Deletes a dataset with its columns and model runs in one transaction; false when it does not exist.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.ModelRuns.Where(r => r.DatasetId == id).ExecuteDeleteAsync(ct);
            await db.DatasetColumns.Where(c => c.DatasetId == id).ExecuteDeleteAsync(ct);
            int deleted = await db.Datasets.Where(d => d.Id == id).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            return deleted > 0;
        });
    }

    private static DatasetSummary Summarize(MmmDataset d, IEnumerable<(string Name, DatasetColumnRole Role)> columns)
    {
        var list = columns.ToList();
        IReadOnlyList<string> Of(DatasetColumnRole role) => [.. list.Where(c => c.Role == role).Select(c => c.Name)];
        return new DatasetSummary(d.Id, d.Name, d.Frequency, d.PeriodStart, d.PeriodEnd, d.RowCount,
            Of(DatasetColumnRole.Kpi), Of(DatasetColumnRole.Spend), Of(DatasetColumnRole.Control), d.Origin, d.TruthJson is not null, d.CreatedAt);
    }
}
