using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// A completed run with the model's view of its data (scales, controls, seasonality features), prepared again from the
/// stored dataset exactly as the runner prepared it: what decomposition, the optimizer and what-if need besides the draws.
/// </summary>
public sealed record FittedRun(ModelRunSummary Run, StoredFitResult Result, ScaledMmmData Data)
{
    public IReadOnlyList<ContributionComponent> Components() => ContributionDecomposition.Decompose(Data, Result.Draws, Result.ContributionSeries);

    /// <summary>Average spend per period of each channel in the fitted data (currency units).</summary>
    public double[] SpendPerPeriod() =>
        [.. Enumerable.Range(0, Data.ChannelCount).Select(c => Data.Spend.AsSpan(c * Data.Periods, Data.Periods).ToArray().Sum() / Data.Periods)];

    /// <summary>The run as <see cref="ModelFitRunner"/> fitted it; null when the run or its dataset is gone, or it has no result.</summary>
    public static async Task<FittedRun?> LoadAsync(Guid runId, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        if (await runs.GetAsync(runId, ct) is not { Result: { } result, Run: { Settings: { } settings } run }) return null;
        if (await datasets.GetAsync(run.DatasetId, ct) is not { } dataset) return null;
        var data = ScaledMmmData.Prepare(dataset.Data, settings.ToSpec());   // the same spec (shapes included) the runner fitted
        return new FittedRun(run, result, data);
    }
}
