using System.Text.Json;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Explainability;

/// <summary>
/// Spend per segment in a date range, from the newest MMM dataset that overlaps the ranges asked for. Which column
/// belongs to which segment is the caller's (the dataset's channel ↔ spend-column mapping, see ExplainabilityService).
/// A period row covers its date and the 6 following days (weekly) or its date only (daily); a row only partly inside the
/// range counts in proportion to the days inside. Stateless: a singleton.
/// </summary>
public sealed class PeriodSpendReader(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public sealed record SpendSeries(Guid DatasetId, string Dataset, IReadOnlyList<(DateOnly Start, int Days)> Periods, IReadOnlyDictionary<string, double?[]> Columns)
    {
        /// <summary>
        /// Spend per segment inside [from, to] (an empty map when the dataset does not overlap it), given each segment's
        /// column (null: none). A column several segments share is split equally between them, so no spend counts twice.
        /// </summary>
        public IReadOnlyDictionary<string, double> Between(DateOnly from, DateOnly to, IReadOnlyDictionary<string, string?> columnOfSegment)
        {
            var sharing = columnOfSegment.Where(s => s.Value is not null).GroupBy(s => s.Value!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(s => s.Key).ToList(), StringComparer.Ordinal);
            var spend = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < Periods.Count; i++)
            {
                var (start, days) = Periods[i];
                int first = Math.Max(start.DayNumber, from.DayNumber), last = Math.Min(start.DayNumber + days - 1, to.DayNumber);
                if (last < first) continue;
                double fraction = (double)(last - first + 1) / days;
                foreach (var (name, values) in Columns)
                    if (sharing.TryGetValue(name, out var segments) && values[i] is { } v && double.IsFinite(v))
                        foreach (string key in segments) spend[key] = spend.GetValueOrDefault(key) + fraction * v / segments.Count;
            }
            return spend;
        }
    }

    /// <summary>The newest dataset overlapping any of <paramref name="ranges"/>, or null.</summary>
    public async Task<SpendSeries?> ReadAsync(IReadOnlyList<(DateOnly From, DateOnly To)> ranges, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Datasets.AsNoTracking().Select(d => new { d.Id, d.PeriodStart, d.PeriodEnd, d.CreatedAt }).ToListAsync(ct);
        var chosen = candidates.Where(d => ranges.Any(r => d.PeriodStart <= r.To && d.PeriodEnd.AddDays(6) >= r.From))
            .OrderByDescending(d => d.PeriodEnd).ThenByDescending(d => d.CreatedAt).FirstOrDefault();
        if (chosen is null) return null;
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Columns).SingleAsync(d => d.Id == chosen.Id, ct);
        int days = dataset.Frequency == "daily" ? 1 : 7;
        var dates = (JsonSerializer.Deserialize<string[]>(dataset.DatesJson) ?? []).Select(d => (DateOnly.ParseExact(d, "yyyy-MM-dd"), days)).ToList();
        var columns = dataset.Columns.Where(c => c.Role == DatasetColumnRole.Spend)
            .ToDictionary(c => c.Name, c => Values(c.ValuesJson, dates.Count), StringComparer.Ordinal);
        return new SpendSeries(dataset.Id, dataset.Name, dates, columns);
    }

    private static double?[] Values(string json, int count)
    {
        using var doc = JsonDocument.Parse(json);
        var values = new double?[count];
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (i >= count) break;
            values[i++] = e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
        }
        return values;
    }
}
