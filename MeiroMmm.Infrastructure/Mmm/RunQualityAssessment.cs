using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Quality;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// The run-quality rules (findings and grade) applied to a stored run: its diagnostics, fit and channel summaries, the priors its settings
/// fitted with, and the share of its dataset's spend it left out. Deterministic from what the run stores, so the grade is
/// computed when read and always follows the current thresholds.
/// </summary>
public static class RunQualityAssessment
{
    public static RunQuality Assess(ModelRunSummary run, StoredFitResult result, MmmWideData? dataset)
    {
        var settings = run.Settings;
        var spec = settings?.ToSpec();
        var defaults = spec is null ? MmmPriors.Defaults : MmmPriors.DefaultsFor(spec.Adstock, spec.Saturation);
        var priors = new Dictionary<string, Prior>();
        foreach (var p in result.Parameters)
            if (defaults.ContainsKey(MmmPriors.GroupOf(p.Name))) priors[p.Name] = (spec?.Priors ?? new MmmPriors()).For(p.Name, defaults);
        bool sampled = result.Method != "laplace";
        int chains = sampled ? settings?.Chains ?? result.Draws.Chains : 1;
        int totalDraws = settings is null ? result.Draws.Count : (sampled ? settings.Chains * settings.Draws : settings.Draws);
        return RunQualityGate.Assess(new RunQualityInput(sampled, chains, totalDraws, result.Diagnostics, result.Fit, result.Channels, result.Parameters,
            priors, UnmappedSpendShare(run, dataset)));
    }

    /// <summary>Spend in the dataset's spend columns that the run did not model, as a share of all its spend; 0 without the dataset.</summary>
    public static double UnmappedSpendShare(ModelRunSummary run, MmmWideData? dataset)
    {
        if (dataset is null || run.Settings is not { } settings) return 0;
        double total = dataset.Channels.Sum(c => c.Values.Sum());
        double unmapped = dataset.Channels.Where(c => !settings.Channels.Contains(c.Name)).Sum(c => c.Values.Sum());
        return total > 0 ? unmapped / total : 0;
    }

    /// <summary>The quality of a completed run, or null when it does not exist or has no result.</summary>
    public static async Task<RunQuality?> LoadAsync(Guid runId, ModelRunStore runs, DatasetStore datasets, CancellationToken ct)
    {
        if (await runs.GetAsync(runId, ct) is not { Result: { } result, Run: var run }) return null;
        var dataset = await datasets.GetAsync(run.DatasetId, ct);
        return Assess(run, result, dataset?.Data);
    }
}
