using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.DataSources;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// What to build: the period and frequency, the conversion key whose journeys make the KPIs (null: all), the spend
/// currency (null: the only one stored), and how expense channels become spend columns (absent channel: its own
/// name; null or empty: left out; two channels mapped to one column are summed).
/// </summary>
public sealed record JourneyDatasetRequest(
    string? Name, string? Frequency, DateOnly? From, DateOnly? To, string? ConversionKey, string? Currency, IReadOnlyDictionary<string, string?>? ChannelMapping);

/// <summary>The built table with its problems (the same checks as an upload); a dataset is saved only without problems.</summary>
public sealed record JourneyDatasetPreview(
    KpiSpendTable? Table, IReadOnlyList<DataProblem> Problems, IReadOnlyList<string> ExpenseChannels, string? Currency, int Journeys, int ExpenseRows, string? Note);

/// <summary>
/// Builds a wide MMM dataset from stored journeys and expenses. The sums run in the database (journeys GROUP BY day,
/// expenses GROUP BY day and channel), so the work in memory is one row per day and channel whatever the number of
/// journeys; <see cref="KpiSpendTable"/> folds the days into periods. The result goes through the upload's
/// <see cref="DatasetImporter"/> (the engine's validator) and is saved as an ordinary dataset (origin "cdp") with its
/// <see cref="JourneyDatasetLineage"/>, in one transaction.
/// </summary>
public sealed class JourneyDatasetBuilder(IDbContextFactory<MeiroDbContext> dbFactory, DatasetStore datasets, ModelConfigStore configs, TimeProvider clock)
{
    public const string ConversionsColumn = "conversions";
    public const string ValueColumn = "conversion_value";
    public const int MaxDays = 3660;

    public async Task<JourneyDatasetPreview> PreviewAsync(JourneyDatasetRequest request, CancellationToken ct)
    {
        var problems = new List<DataProblem>();
        if (request.Frequency is not (PeriodDates.Weekly or PeriodDates.Daily)) problems.Add(new("frequency", null, "frequency must be weekly or daily."));
        if (request.From is null) problems.Add(new("from", null, "from (the first day, YYYY-MM-DD) is required."));
        if (request.To is null) problems.Add(new("to", null, "to (the last day, YYYY-MM-DD) is required."));
        if (request.From is { } f0 && request.To is { } t0 && (t0 < f0 || t0.DayNumber - f0.DayNumber >= MaxDays))
            problems.Add(new("to", null, $"to must be on or after from, at most {MaxDays} days later."));
        if (problems.Count > 0) return new(null, problems, [], null, 0, 0, null);
        DateOnly from = request.From!.Value, to = request.To!.Value;
        string? key = string.IsNullOrWhiteSpace(request.ConversionKey) ? null : request.ConversionKey.Trim();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var journeys = db.ConversionPaths.AsNoTracking().Where(p => p.Converted && p.JourneyDate >= from && p.JourneyDate <= to);
        if (key is not null) journeys = journeys.Where(p => p.ConversionKey == key);
        var kpis = await journeys.GroupBy(p => p.JourneyDate)
            .Select(g => new { Date = g.Key, Conversions = g.Count(), Value = g.Sum(p => p.ConversionValue) }).ToListAsync(ct);

        var expenses = db.Set<Expense>().AsNoTracking().Where(e => e.Date >= from && e.Date <= to);
        var currencies = await expenses.Select(e => e.Currency).Distinct().OrderBy(c => c).ToListAsync(ct);
        string? currency = string.IsNullOrWhiteSpace(request.Currency) ? null : request.Currency.Trim().ToUpperInvariant();
        if (currency is null && currencies.Count > 1)
            return new(null, [new("currency", null, $"the expenses of this period are in {string.Join(", ", currencies)}: choose one currency.")], [], null, 0, 0, null);
        currency ??= currencies.FirstOrDefault() ?? "EUR";
        var spend = await expenses.Where(e => e.Currency == currency).GroupBy(e => new { e.Date, e.Channel })
            .Select(g => new { g.Key.Date, g.Key.Channel, Spend = g.Sum(e => e.Spend), Rows = g.Count() }).ToListAsync(ct);
        var channels = spend.Select(s => s.Channel).Distinct().Order(StringComparer.Ordinal).ToList();

        var mapping = request.ChannelMapping ?? new Dictionary<string, string?>();
        string? ColumnOf(string channel) => mapping.TryGetValue(channel, out var column) ? (string.IsNullOrWhiteSpace(column) ? null : column.Trim()) : channel;
        foreach (var unknown in mapping.Keys.Where(k => !channels.Contains(k, StringComparer.Ordinal)))
            problems.Add(new("channel_mapping", null, $"'{unknown}' has no {currency} expenses between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}."));
        foreach (var clash in channels.Select(ColumnOf).Where(c => c is ConversionsColumn or ValueColumn).Distinct())
            problems.Add(new("channel_mapping", null, $"'{clash}' is a KPI column name; map that channel to another spend column name."));

        int periodDays = PeriodDates.StepDays(request.Frequency!);
        var table = KpiSpendTable.Build(from, to, periodDays,
            kpis.Select(k => new DailyKpi(k.Date, k.Conversions, k.Value)),
            spend.Where(s => ColumnOf(s.Channel) is not null).Select(s => new DailySpend(s.Date, ColumnOf(s.Channel)!, s.Spend)));
        if (table.Rows.Count == 0) problems.Add(new("to", null, $"the period is shorter than one {(periodDays == 7 ? "week" : "day")}."));
        if (table.SpendColumns.Count == 0) problems.Add(new("channels", null, $"there are no {currency} expenses between {from:yyyy-MM-dd} and {to:yyyy-MM-dd} (upload them or import them from the CDP)."));
        if (problems.Count == 0)
        {
            var built = DatasetImporter.Build(ToUploadedTable(table), Spec(request.Name ?? "journeys", request.Frequency!, table));
            problems.AddRange(built.Problems.Where(p => p.Column != "name"));
        }
        string? note = table.DroppedDays > 0 ? $"The last {table.DroppedDays} day(s) do not fill a week and are left out; the dataset ends on {table.To:yyyy-MM-dd}." : null;
        return new(table, problems, channels, currency, kpis.Sum(k => k.Conversions), spend.Sum(s => s.Rows), note);
    }

    private static DatasetImportSpec Spec(string name, string frequency, KpiSpendTable table) =>
        new(name, "date", frequency, [ConversionsColumn, ValueColumn], table.SpendColumns, []);

    /// <summary>The table as the upload wizard would have read it, so the same importer and validator apply.</summary>
    public static UploadedTable ToUploadedTable(KpiSpendTable table) => new(
        ["date", ConversionsColumn, ValueColumn, .. table.SpendColumns],
        [.. table.Rows.Select(r => (string[])[
            r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Conversions.ToString(CultureInfo.InvariantCulture),
            r.Value.ToString("R", CultureInfo.InvariantCulture), .. r.Spend.Select(s => s.ToString("R", CultureInfo.InvariantCulture))])]);

    /// <summary>Builds and saves the dataset with its lineage; the problems when it cannot be saved (nothing is written then).</summary>
    public async Task<(DatasetSummary? Dataset, JourneyDatasetPreview Preview)> SaveAsync(JourneyDatasetRequest request, CancellationToken ct)
    {
        var preview = await PreviewAsync(request, ct);
        var problems = preview.Problems.ToList();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200) problems.Insert(0, new("name", null, "give the dataset a name (at most 200 characters)."));
        if (problems.Count > 0 || preview.Table is null) return (null, preview with { Problems = problems });
        var built = DatasetImporter.Build(ToUploadedTable(preview.Table), Spec(request.Name!.Trim(), request.Frequency!, preview.Table));
        if (!built.IsValid) return (null, preview with { Problems = built.Problems });

        var now = clock.GetUtcNow();
        var row = DatasetMapper.ToRow(request.Name.Trim(), request.Frequency!, built.Data!, "cdp", now);
        var active = await configs.GetActiveForRunAsync(request.ConversionKey, ct);
        var lineage = new JourneyDatasetLineage
        {
            DatasetId = row.Id, Frequency = request.Frequency!, From = preview.Table.From, To = preview.Table.To,
            ConversionKey = string.IsNullOrWhiteSpace(request.ConversionKey) ? null : request.ConversionKey.Trim(), Currency = preview.Currency!,
            ChannelMappingJson = JsonSerializer.Serialize(request.ChannelMapping ?? new Dictionary<string, string?>()), ModelConfigId = active?.Id,
            Journeys = preview.Journeys, ExpenseRows = preview.ExpenseRows, CreatedAt = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Datasets.Add(row);
            db.Add(lineage);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        var saved = (await datasets.GetAsync(row.Id, ct))!.Summary;
        return (saved, preview);
    }

    public async Task<JourneyDatasetLineage?> LineageAsync(Guid datasetId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<JourneyDatasetLineage>().AsNoTracking().FirstOrDefaultAsync(l => l.DatasetId == datasetId, ct);
    }
}
