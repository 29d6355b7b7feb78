using System.Globalization;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Mmm;

public sealed partial class ModelRunResults(ModelRunStore runs, DatasetStore datasets)
{
    private sealed record DiagnosticLine(string Name, string Value, bool Ok, string Explanation);

    /// <summary>The completed run.</summary>
    [Parameter, EditorRequired] public ModelRunSummary Run { get; set; } = default!;
    /// <summary>Its stored result.</summary>
    [Parameter, EditorRequired] public StoredFitResult Result { get; set; } = default!;
    /// <summary>True ROAS per channel when the dataset was generated (the demo); null otherwise.</summary>
    [Parameter] public IReadOnlyDictionary<string, double>? TrueRoas { get; set; }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private Guid _loadedFor;
    private FittedRun? _fit;
    private IReadOnlyList<MeiroMmm.Domain.Mmm.Fitting.ContributionComponent> _components = [];
    private string? _fitError;
    private MeiroMmm.Domain.Mmm.Quality.RunQuality? _quality;
    private RunExplanationView? _explanation;

    /// <summary>Contributions and the optimizer need the run's data as the model saw it: prepared again from the dataset.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == Run.Id) return;
        _loadedFor = Run.Id;
        _fit = null; _fitError = null; _quality = null; _explanation = null;
        try
        {
            _quality = RunQualityAssessment.Assess(Run, Result, (await datasets.GetAsync(Run.DatasetId, CancellationToken.None))?.Data);
            _fit = await FittedRun.LoadAsync(Run.Id, runs, datasets, CancellationToken.None);
            if (_fit is null) _fitError = "The dataset or settings of this run are no longer stored, so contributions and the optimizer cannot be computed.";
            else { _components = _fit.Components(); _explanation = RunExplanation.Explain(_fit); }
        }
        catch (MeiroMmm.Domain.Mmm.Model.MmmDataException e) { _fitError = "The stored dataset no longer fits this run: " + e.Message; }
        catch (System.Data.Common.DbException e) { _fitError = e.Message; }
    }

    private string SettingsLine => Run.Settings is not { } s ? "settings not recorded"
        : s.Method == FitMethod.Laplace ? $"{s.Draws:N0} approximate draws, seed {s.Seed}"
        : $"{s.Chains} chains × ({s.Warmup:N0} warm-up + {s.Draws:N0} draws), target accept {s.TargetAccept:0.00}, seed {s.Seed}";

    private IEnumerable<DiagnosticLine> Diagnostics()
    {
        var d = Result.Diagnostics;
        if (Result.Method == "laplace")
        {
            yield return new("Convergence checks", "not applicable", true, "A Laplace preview draws independent samples from an approximation, so R-hat, ESS and divergences do not apply.");
            yield break;
        }
        bool oneChain = Run.Settings?.Chains == 1;
        yield return double.IsFinite(d.RhatMax)
            ? new("Max R-hat", d.RhatMax.ToString("0.000", Inv), d.RhatMax < 1.01,
                d.RhatMax < 1.01 ? "Chains agree (below 1.01): they explored the same posterior." : "Above 1.01: the chains disagree; run longer (more draws) before trusting the numbers.")
            : new("Max R-hat", "n/a", !oneChain, oneChain ? "Needs at least two chains to compare." : "Could not be computed: a parameter did not vary.");
        yield return new("Min bulk ESS", double.IsFinite(d.EssBulkMin) ? d.EssBulkMin.ToString("N0", Inv) : "n/a", d.EssBulkMin >= 400,
            d.EssBulkMin >= 400 ? "Effectively independent draws of the worst parameter: 400+ gives stable means and intervals."
                : $"Below 400 (worst: {d.EssBulkMinParameter ?? "?"}): intervals are rough; run more draws.");
        yield return new("Divergences", d.Divergences.ToString("N0", Inv), d.Divergences == 0,
            d.Divergences == 0 ? "No divergent transitions: the sampler did not miss hard-to-reach regions."
                : "Divergent transitions: parts of the posterior may be missed; raise target accept (e.g. 0.95) or simplify priors.");
    }

    private static string Money(double v) => Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.00", Inv) + " M" : v.ToString("#,0", Inv);
    private static string Ratio(double v) => double.IsFinite(v) ? v.ToString("0.00", Inv) : "–";
    private static string Percent(double v) => double.IsFinite(v) ? (100 * v).ToString("0.0", Inv) + " %" : "–";
    private static string Seconds(double s) => s >= 60 ? $"{(int)(s / 60)} min {(int)(s % 60):00} s" : s.ToString("0.0", Inv) + " s";
}
