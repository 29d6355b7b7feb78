namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// Posterior summary of one parameter, as posterior 1.4.0's <c>summarise_draws</c> and ArviZ's <c>hdi</c> define the
/// columns. A diagnostic that posterior reports as NA (constant or non-finite draws) is <see cref="double.NaN"/>.
/// </summary>
/// <param name="Mean">Mean of the pooled draws.</param>
/// <param name="Sd">Standard deviation of the pooled draws (n − 1 denominator).</param>
/// <param name="Q05">5% quantile, R type 7.</param>
/// <param name="Q95">95% quantile, R type 7.</param>
/// <param name="Rhat">Rank-normalised split R-hat, the larger of its bulk and tail (folded) components.</param>
/// <param name="EssBulk">Bulk effective sample size (rank-normalised split chains).</param>
/// <param name="EssTail">Tail effective sample size, the smaller of the 5% and 95% quantile ESS.</param>
/// <param name="McseMean">Monte Carlo standard error of the mean.</param>
/// <param name="McseSd">Monte Carlo standard error of the standard deviation (posterior 1.4.0's formula).</param>
/// <param name="Hdi94Low">Lower end of the 94% highest density interval.</param>
/// <param name="Hdi94High">Upper end of the 94% highest density interval.</param>
public sealed record DrawSummary(
    double Mean,
    double Sd,
    double Q05,
    double Q95,
    double Rhat,
    double EssBulk,
    double EssTail,
    double McseMean,
    double McseSd,
    double Hdi94Low,
    double Hdi94High);
