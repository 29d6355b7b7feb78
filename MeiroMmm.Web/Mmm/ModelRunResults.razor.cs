using System.Globalization;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Mmm;

public sealed partial class ModelRunResults(ModelRunStore runs, DatasetStore datasets)
{
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
        _quality ??= RunQualityAssessment.Assess(Run, Result, null);   // without the dataset: every rule but left-out spend
    }

    private string SettingsLine => Run.Settings is not { } s ? "settings not recorded"
        : s.Method == FitMethod.Laplace ? $"{s.Draws:N0} approximate draws, seed {s.Seed}"
        : $"{s.Chains} chains × ({s.Warmup:N0} warm-up + {s.Draws:N0} draws), target accept {s.TargetAccept:0.00}, seed {s.Seed}";

    /// <summary>The unit of one period, from the spacing of the fitted dates.</summary>
    private string PeriodName => Result.Periods.Count > 1 && Result.Periods[1].Date.DayNumber - Result.Periods[0].Date.DayNumber == 1 ? "day" : "week";

    private static string Money(double v) => Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.00", Inv) + " M" : v.ToString("#,0", Inv);
    private static string Ratio(double v) => double.IsFinite(v) ? v.ToString("0.00", Inv) : "–";
    private static string Percent(double v) => double.IsFinite(v) ? (100 * v).ToString("0.0", Inv) + " %" : "–";
    private static string Seconds(double s) => s >= 60 ? $"{(int)(s / 60)} min {(int)(s % 60):00} s" : s.ToString("0.0", Inv) + " s";
}
