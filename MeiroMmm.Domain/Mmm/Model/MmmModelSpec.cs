namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// Which columns a model uses and its structural settings. The defaults are PyMC-Marketing's model as
/// reference/PRIORS.md specifies it: geometric adstock (l_max 8), logistic saturation, yearly Fourier order 2.
/// </summary>
public sealed record MmmModelSpec(string Kpi, IReadOnlyList<string> Channels, IReadOnlyList<string> Controls)
{
    public int LMax { get; init; } = 8;
    /// <summary>Carry-over shape: geometric (default), delayed, weibull_cdf or weibull_pdf.</summary>
    public AdstockShape Adstock { get; init; } = AdstockShape.Geometric;
    /// <summary>Diminishing-returns shape: logistic (default), hill, hill_sigmoid, michaelis_menten or tanh.</summary>
    public SaturationShape Saturation { get; init; } = SaturationShape.Logistic;
    /// <summary>Yearly Fourier order; null means 2 when the data span at least a year, else 0 (too little data to separate seasonality).</summary>
    public int? FourierOrder { get; init; }
    /// <summary>Priors: PyMC-Marketing's defaults unless overridden per group or per parameter.</summary>
    public MmmPriors Priors { get; init; } = new();
    /// <summary>Adds a linear trend t/(T−1) as one more control (named "trend", with the controls' Normal(0, 2) prior).</summary>
    public bool IncludeTrend { get; init; }
    /// <summary>Incrementality results that calibrate the channels' saturation curves (none by default).</summary>
    public IReadOnlyList<LiftTest> LiftTests { get; init; } = [];
}
