using MeiroMmm.Domain.Mmm.Diagnostics;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>Sampler health over all chains (post-warm-up divergences and tree-depth hits, as Stan reports them).</summary>
public sealed record FitDiagnostics(
    double RhatMax, double EssBulkMin, double EssTailMin, int Divergences, int TreeDepthHits, long GradientEvaluations,
    double SamplingSeconds, double WarmupSeconds, double TotalSeconds, IReadOnlyList<double> StepSizes, IReadOnlyList<double> Ebfmi,
    string? EssBulkMinParameter);

public sealed record ParameterSummary(string Name, DrawSummary Summary);

/// <summary>A channel's effect in original units: contribution and ROAS with 90% intervals (5% and 95% quantiles over draws).</summary>
public sealed record ChannelSummary(
    string Channel, double Spend, double ContributionMean, double ContributionQ05, double ContributionQ95,
    double ShareMean, double RoasMean, double RoasQ05, double RoasQ95, double MarginalRoas);

/// <summary>How well the posterior mean prediction follows the KPI, in original units.</summary>
public sealed record FitQuality(double R2, double Mape, double Nrmse);

/// <summary>Per period: observed KPI, posterior predictive mean and 90% band, and each channel's mean contribution with its band.</summary>
public sealed record PeriodFit(DateOnly Date, double Observed, double PredictedMean, double PredictedQ05, double PredictedQ95);

public sealed record ChannelContributionSeries(string Channel, double[] Mean, double[] Q05, double[] Q95);

/// <summary>
/// Steady-state response curve of a channel: spending <see cref="SpendPerPeriod"/> every period gives, once carry-over has
/// built up, a contribution per period with this posterior mean and 90% band (KPI units).
/// </summary>
public sealed record ResponseCurve(string Channel, double[] SpendPerPeriod, double[] Mean, double[] Q05, double[] Q95, double CurrentSpendPerPeriod);

/// <summary>Posterior mean of the normalized adstock weights (lag 0 first): how a unit of spend spreads over the following periods.</summary>
public sealed record AdstockWeights(string Channel, double[] Weights);

public sealed record MmmFitResult(
    FitDiagnostics Diagnostics,
    IReadOnlyList<ParameterSummary> Parameters,
    IReadOnlyList<ChannelSummary> Channels,
    FitQuality Fit,
    IReadOnlyList<PeriodFit> Periods,
    IReadOnlyList<ChannelContributionSeries> ContributionSeries,
    IReadOnlyList<ResponseCurve> ResponseCurves,
    IReadOnlyList<AdstockWeights> Adstock,
    MmmPosteriorDraws Draws)
{
    /// <summary>Out-of-sample check on the last periods, when the fit held them out.</summary>
    public HoldoutFit? Holdout { get; init; }
}

/// <summary>How well the model, fitted without the last <see cref="Periods"/> periods, predicts them (original units).</summary>
public sealed record HoldoutFit(int Periods, double Mape, double Nrmse, double Coverage90, IReadOnlyList<PeriodFit> PeriodFits);
