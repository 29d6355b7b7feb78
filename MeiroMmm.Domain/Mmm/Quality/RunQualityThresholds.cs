namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>
/// Where the rules draw their lines (docs/DECISIONS.md explains each). Where a rule has two levels, crossing the first
/// is a warning (the run is directional) and crossing the second a problem (the run is not usable). One set for the
/// diagnostics list and the quality gate, so the page, the API and the optimizer never disagree.
/// </summary>
public sealed record RunQualityThresholds
{
    /// <summary>Vehtari et al. 2021 (rank-normalized R-hat): above 1.01 the chains have not mixed well enough.</summary>
    public double RhatDirectional { get; init; } = 1.01;
    /// <summary>Above 1.05 the chains clearly disagree: the summaries describe no single posterior.</summary>
    public double RhatNotUsable { get; init; } = 1.05;
    /// <summary>Vehtari et al. 2021 recommend bulk and tail ESS ≥ 400 (100 per chain for 4 chains).</summary>
    public double EssDirectional { get; init; } = 400;
    /// <summary>Below 100 effective draws, 90% intervals rest on a handful of tail draws.</summary>
    public double EssNotUsable { get; init; } = 100;
    /// <summary>Any divergence after warm-up means parts of the posterior may be missed (Betancourt 2017).</summary>
    public int DivergencesDirectional { get; init; } = 1;
    /// <summary>More than 1% of draws divergent: the sampler failed on this geometry.</summary>
    public double DivergentShareNotUsable { get; init; } = 0.01;
    /// <summary>Betancourt 2016: E-BFMI below 0.3 means the momentum resampling explores the energy levels poorly.</summary>
    public double EbfmiMin { get; init; } = 0.3;
    /// <summary>In-sample R² (share of period-to-period variation explained) below which the fit is weak.</summary>
    public double R2Directional { get; init; } = 0.75;
    public double R2NotUsable { get; init; } = 0.5;
    /// <summary>In-sample MAPE (average miss per period, as a fraction) above which the fit is weak.</summary>
    public double MapeDirectional { get; init; } = 0.15;
    public double MapeNotUsable { get; init; } = 0.30;
    /// <summary>A channel's 90% ROAS interval is implausibly wide when (q95 − q05) exceeds this multiple of its mean.</summary>
    public double RoasIntervalWidthRatio { get; init; } = 2;
    /// <summary>Not usable when the channels with implausibly wide ROAS intervals hold more than this share of spend.</summary>
    public double WideRoasSpendShareNotUsable { get; init; } = 0.5;
    /// <summary>Share of the dataset's spend in spend columns the model leaves out.</summary>
    public double UnmappedSpendDirectional { get; init; } = 0.05;
    public double UnmappedSpendNotUsable { get; init; } = 0.20;
    /// <summary>A media parameter whose posterior variance is still above 90% of its prior variance learned (almost) nothing from the data.</summary>
    public double MinContraction { get; init; } = 0.1;
    /// <summary>At most this many R-hat findings are listed one by one; the rest are counted in a summary line.</summary>
    public int MaxListedPerKind { get; init; } = 3;
}
