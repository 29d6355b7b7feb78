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

public sealed record MmmFitResult(
    FitDiagnostics Diagnostics,
    IReadOnlyList<ParameterSummary> Parameters,
    IReadOnlyList<ChannelSummary> Channels,
    FitQuality Fit,
    IReadOnlyList<PeriodFit> Periods,
    IReadOnlyList<ChannelContributionSeries> ContributionSeries,
    MmmPosteriorDraws Draws);
