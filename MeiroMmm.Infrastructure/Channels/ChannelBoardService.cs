using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Channels;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Quality;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Channels;

/// <summary>
/// GET /api/channels/board: per channel, attribution ROI (the chosen model's latest run ÷ the MMM dataset's spend), MMM
/// ROAS with its 90% interval (the latest usable run; the latest directional one when none is usable), and incremental
/// ROAS of completed experiments with their random-effects pool, flagged where they disagree. Attribution and experiment
/// channels find their spend column through the dataset's channel ↔ spend-column mapping (<see cref="ChannelSpendMappingStore"/>):
/// a row per spend column, plus a row per channel mapped to none. A singleton.
/// </summary>
public sealed class ChannelBoardService(IDbContextFactory<MeiroDbContext> dbFactory, ModelRunStore runs, DatasetStore datasets,
    AttributionRunService attribution, ExperimentResultsService experimentResults, ChannelSpendMappingStore mappings)
{
    public const string DefaultAttributionModel = AttributionModelCatalog.Markov;

    /// <summary>The MMM run the board reads, its grade and its dataset; null when no completed run is at least directional.</summary>
    public async Task<(ModelRunSummary Run, StoredFitResult Result, RunGrade Grade, DatasetDetail Dataset)?> BoardRunAsync(CancellationToken ct)
    {
        (ModelRunSummary, StoredFitResult, RunGrade, DatasetDetail)? directional = null;
        var cache = new Dictionary<Guid, DatasetDetail?>();
        foreach (var summary in (await runs.ListAsync(null, ct)).Where(r => r.Status == ModelRunStatus.Completed))
        {
            if (await runs.GetAsync(summary.Id, ct) is not { Result: { } result, Run: var run }) continue;
            if (!cache.TryGetValue(run.DatasetId, out var dataset)) cache[run.DatasetId] = dataset = await datasets.GetAsync(run.DatasetId, ct);
            if (dataset is null) continue;
            var grade = RunQualityAssessment.Assess(run, result, dataset.Data).Grade;
            if (grade == RunGrade.Usable) return (run, result, grade, dataset);
            if (grade == RunGrade.Directional) directional ??= (run, result, grade, dataset);
        }
        return directional;
    }

    public async Task<ChannelBoard> BuildAsync(string? model, CancellationToken ct)
    {
        string chosen = string.IsNullOrWhiteSpace(model) ? DefaultAttributionModel : model.Trim();
        var notes = new List<string>();
        var mmm = await BoardRunAsync(ct);
        if (mmm is null) notes.Add("No completed MMM run is usable or directional: MMM ROAS and spend are missing. Fit a model on the MMM page.");
        else if (mmm.Value.Grade == RunGrade.Directional) notes.Add("No MMM run passes the quality gate as usable; MMM ROAS comes from the latest directional run.");
        var attr = await attribution.LatestAsync(chosen, ct);
        if (attr is null) notes.Add($"No {chosen} attribution run yet: attribution ROI is missing. Run attribution on the Attribution page.");
        var dataset = mmm?.Dataset;
        var spendChannels = dataset?.Data.Channels.Select(c => c.Name).ToList() ?? [];
        var experiments = await ExperimentRoasAsync(dataset, ct);

        var attrChannels = attr?.Result.Channels.Select(c => c.Channel).ToList() ?? [];
        IReadOnlyDictionary<string, string?> columnOf = dataset is null ? new Dictionary<string, string?>() : await mappings.ResolveAsync(dataset.Summary.Id, attrChannels, spendChannels, ct);
        string RowOf(string channel) => columnOf.GetValueOrDefault(channel) ?? channel;
        var names = new List<string>(spendChannels);
        foreach (var c in attrChannels)
            if (!names.Contains(RowOf(c))) names.Add(RowOf(c));

        var rows = new List<ChannelBoardRow>();
        foreach (string name in names)
        {
            string? mmmChannel = spendChannels.Contains(name) ? name : null;
            var mmmSummary = mmmChannel is null ? null : mmm?.Result.Channels.FirstOrDefault(c => c.Channel == mmmChannel);
            var credit = attr?.Result.Channels.Where(c => RowOf(c.Channel) == name).ToList() ?? [];
            double? spend = mmmChannel is null || dataset is null ? null : SpendOver(dataset.Data, mmmChannel, attr?.Settings.From, attr?.Settings.To);
            double? value = credit.Count > 0 ? credit.Sum(c => c.Value) : null;
            double? roi = value is { } v && spend is > 0 ? v / spend.Value : null;
            var exps = experiments.GetValueOrDefault(name) ?? [];
            ChannelEstimate? pooled = exps.Count > 0
                ? IncrementalRoas.ToEstimate("experiments (pooled)", IncrementalRoas.Pool([.. exps.Select(e => new EffectEstimate(e.Roas, (e.High90 - e.Low90) / (2 * IncrementalRoas.Z90)))]))
                : null;
            var estimates = new List<ChannelEstimate>();
            if (roi is { } r) estimates.Add(new($"attribution ({chosen})", r));
            if (mmmSummary is not null) estimates.Add(new("MMM", mmmSummary.RoasMean, mmmSummary.RoasQ05, mmmSummary.RoasQ95));
            if (pooled is not null) estimates.Add(pooled);
            rows.Add(new ChannelBoardRow(name, mmmChannel, credit.Count > 0 ? string.Join(", ", credit.Select(c => c.Channel)) : null, spend, value, roi,
                mmmSummary?.RoasMean, mmmSummary?.RoasQ05, mmmSummary?.RoasQ95, exps, pooled, ChannelDisagreement.Find(estimates)));
        }
        return new ChannelBoard(mmm?.Run.Id, mmm is null ? null : RunGradeName(mmm.Value.Grade), dataset?.Summary.Id, chosen, attr?.Id, attr?.CreatedAt, rows, notes);
    }

    private static string RunGradeName(RunGrade g) => g switch { RunGrade.NotUsable => "not_usable", RunGrade.Directional => "directional", _ => "usable" };

    /// <summary>Spend of a dataset channel over the periods starting within [from, to] (all periods when both are null).</summary>
    public static double SpendOver(MmmWideData data, string channel, DateOnly? from, DateOnly? to)
    {
        var series = data.Channels.Single(c => c.Name == channel).Values;
        double sum = 0;
        for (int t = 0; t < data.Dates.Count; t++)
            if ((from is null || data.Dates[t] >= from) && (to is null || data.Dates[t] <= to)) sum += series[t];
        return sum;
    }

    /// <summary>
    /// The spend of a channel during an experiment: the dataset's periods starting within its dates; when none do, the
    /// channel's average spend per day × the experiment's days.
    /// </summary>
    public static (double Spend, bool FromAverage) ExperimentSpend(DatasetDetail dataset, string channel, DateOnly start, DateOnly end)
    {
        double inWindow = SpendOver(dataset.Data, channel, start, end);
        if (dataset.Data.Dates.Any(d => d >= start && d <= end)) return (inWindow, false);
        double periodDays = dataset.Summary.Frequency == "daily" ? 1 : 7;
        double perDay = SpendOver(dataset.Data, channel, null, null) / (dataset.Data.Dates.Count * periodDays);
        return (perDay * (end.DayNumber - start.DayNumber + 1), true);
    }

    /// <summary>Completed experiments with a value uplift and standard error, by experiment channel, with their incremental ROAS.</summary>
    private async Task<Dictionary<string, List<ExperimentRoas>>> ExperimentRoasAsync(DatasetDetail? dataset, CancellationToken ct)
    {
        List<Experiment> finished;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            finished = await db.Experiments.AsNoTracking()
                .Where(e => e.Status == ExperimentStatus.Completed || e.Status == ExperimentStatus.Archived).OrderBy(e => e.Id).ToListAsync(ct);
        var byChannel = new Dictionary<string, List<ExperimentRoas>>();
        if (dataset is null) return byChannel;   // no spend to divide by
        var spendChannels = dataset.Data.Channels.Select(c => c.Name).ToList();
        var columnOf = await mappings.ResolveAsync(dataset.Summary.Id, finished.Select(e => e.Channel), spendChannels, ct);
        foreach (var e in finished)
        {
            if (columnOf[e.Channel] is not { } mmmChannel) continue;
            var r = await experimentResults.ResultsAsync(e.Id, ct);
            if (r?.ValuePerProfile is not { StandardError: > 0 } value || r.IntentionToTreat is not { NTreatment: > 0 } itt) continue;
            var start = DateOnly.FromDateTime(e.StartAt.UtcDateTime); var end = DateOnly.FromDateTime(e.EndAt.UtcDateTime);
            var (spend, fromAverage) = ExperimentSpend(dataset, mmmChannel, start, end);
            if (!(spend > 0)) continue;
            var roas = IncrementalRoas.FromExperiment(value.MeanDifference, value.StandardError!.Value, itt.NTreatment, spend);
            var estimate = IncrementalRoas.ToEstimate(e.Key, roas);
            (byChannel.TryGetValue(mmmChannel, out var list) ? list : byChannel[mmmChannel] = []).Add(new ExperimentRoas(e.Id, e.Key, e.Name, start, end,
                itt.NTreatment, value.MeanDifference, spend, fromAverage, roas.Estimate, estimate.Low90!.Value, estimate.High90!.Value));
        }
        return byChannel;
    }
}
