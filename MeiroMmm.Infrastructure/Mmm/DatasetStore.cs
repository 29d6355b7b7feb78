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

    private static DatasetSummary Summarize(MmmDataset d, IEnumerable<(string Name, DatasetColumnRole Role)> columns)
    {
        var list = columns.ToList();
        IReadOnlyList<string> Of(DatasetColumnRole role) => [.. list.Where(c => c.Role == role).Select(c => c.Name)];
        return new DatasetSummary(d.Id, d.Name, d.Frequency, d.PeriodStart, d.PeriodEnd, d.RowCount,
            Of(DatasetColumnRole.Kpi), Of(DatasetColumnRole.Spend), Of(DatasetColumnRole.Control), d.Origin, d.TruthJson is not null, d.CreatedAt);
    }
}
