using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>What the comparison is missing, as a sentence for the user; null when it could be made.</summary>
public sealed record AttributionMmmComparison(
    Guid DatasetId, string DatasetName, string Model, Guid? AttributionResultId, Guid? MmmRunId, DateTimeOffset? MmmRunCompletedAt, string? Kpi,
    DateOnly? From, DateOnly? To, int MmmPeriodsInRange, bool WholeMmmPeriod, bool PeriodsOverlap,
    IReadOnlyList<AttributionMmmRow> Rows, IReadOnlyList<string> UnmappedChannels, IReadOnlyList<string> MmmOnlyColumns, string? Missing);

/// <summary>
/// Attribution beside the MMM for one dataset: the newest stored result of the chosen attribution model, the newest
/// completed MMM run on the dataset, and the dataset's channel ↔ spend-column mapping. The period is the attribution
/// result's date range, an open end closed by the stored journeys' first or last date; MMM spend and mean contribution
/// are summed over the dataset periods whose date lies in it. When no period does, the shares use all periods (flagged
/// <see cref="AttributionMmmComparison.WholeMmmPeriod"/>) but attribution ROI is left out
/// (<see cref="AttributionMmmComparison.PeriodsOverlap"/> false): value from one period over spend from another means nothing.
/// ROAS and its 90% interval are the run's, over its whole fitted period: per-period quantiles cannot be summed.
/// </summary>
public sealed class AttributionMmmService(ChannelSpendMappingStore mappings, DatasetStore datasets, ModelRunStore runs, AttributionRunService attribution, JourneyStore journeys)
{
    /// <summary>Null when the dataset does not exist.</summary>
    public async Task<AttributionMmmComparison?> CompareAsync(Guid datasetId, string model, CancellationToken ct)
    {
        if (await datasets.GetAsync(datasetId, ct) is not { } dataset) return null;
        var mapping = await mappings.MappingAsync(datasetId, ct) ?? new Dictionary<string, string>();
        var result = await attribution.LatestAsync(model, ct);
        var run = (await runs.ListAsync(datasetId, ct)).FirstOrDefault(r => r.Status == ModelRunStatus.Completed);
        var fit = run is null ? null : (await runs.GetAsync(run.Id, ct))?.Result;
        AttributionMmmComparison Empty(string missing) => new(datasetId, dataset.Summary.Name, model, result?.Id, run?.Id, run?.CompletedAt, run?.Kpi,
            result?.Settings.From, result?.Settings.To, 0, true, false, [], [], [], missing);
        if (result is null) return Empty($"The {model} model has not been run yet: run the attribution models first.");
        if (fit is null) return Empty($"No completed MMM run on dataset '{dataset.Summary.Name}' yet: fit the MMM first.");

        var (from, to) = (result.Settings.From, result.Settings.To);
        if (from is null || to is null)
        {
            // An open range means "all stored journeys": their dates, not the whole MMM dataset, are the attribution period.
            var overview = await journeys.OverviewAsync(ct);
            (from, to) = (from ?? overview.FirstDate, to ?? overview.LastDate);
        }
        var dates = dataset.Data.Dates;
        var inRange = Enumerable.Range(0, dates.Count).Where(i => (from is null || dates[i] >= from) && (to is null || dates[i] <= to)).ToList();
        bool whole = inRange.Count == 0 || (from is null && to is null);
        bool overlap = inRange.Count > 0;
        if (whole) inRange = [.. Enumerable.Range(0, dates.Count)];
        var periodIndex = fit.Periods.Select((p, i) => (p.Date, i)).ToDictionary(x => x.Date, x => x.i);
        var figures = fit.Channels.Select(c =>
        {
            var spendSeries = dataset.Data.Channels.FirstOrDefault(s => s.Name == c.Channel)?.Values ?? [];
            var contribution = fit.ContributionSeries.FirstOrDefault(s => s.Channel == c.Channel)?.Mean ?? [];
            double spend = inRange.Where(i => i < spendSeries.Length).Sum(i => spendSeries[i]);
            double contributed = inRange.Select(i => periodIndex.TryGetValue(dates[i], out var k) ? k : -1)
                .Where(k => k >= 0 && k < contribution.Length).Sum(k => contribution[k]);
            return new MmmChannelFigures(c.Channel, spend, contributed, c.RoasMean, c.RoasQ05, c.RoasQ95);
        }).ToList();
        var (rows, unmapped, mmmOnly) = AttributionMmmComparer.Compare(result.Result, mapping, figures);
        if (!overlap) rows = [.. rows.Select(r => r with { AttributionRoi = null })];
        return new(datasetId, dataset.Summary.Name, model, result.Id, run!.Id, run.CompletedAt, run.Kpi, from, to, inRange.Count, whole, overlap, rows, unmapped, mmmOnly,
            rows.Count == 0 ? "No touchpoint channel is mapped to a spend column of this dataset: map them below." : null);
    }
}
