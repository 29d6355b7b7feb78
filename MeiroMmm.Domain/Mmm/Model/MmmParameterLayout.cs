namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// Where each parameter sits in the unconstrained vector: intercept, the adstock shape's parameters (each for every
/// channel), the saturation shape's parameters (each for every channel), gamma_control[K], gamma_fourier[F], y_sigma.
/// For the default shapes this is Stan's order (reference/stan/mmm.stan): intercept, adstock_alpha[C], saturation_lam[C],
/// saturation_beta[C], … Names follow PyMC-Marketing ("adstock_" / "saturation_" + the shape's parameter name).
/// </summary>
public sealed class MmmParameterLayout
{
    private readonly ParameterSupport[] _support;

    public MmmParameterLayout(IReadOnlyList<string> channels, IReadOnlyList<string> controls, IReadOnlyList<string> fourierTerms,
        AdstockShape? adstock = null, SaturationShape? saturation = null)
    {
        Adstock = adstock ?? AdstockShape.Geometric;
        Saturation = saturation ?? SaturationShape.Logistic;
        Channels = channels.Count; Controls = controls.Count; FourierTerms = fourierTerms.Count;
        AdstockParameterCount = Adstock.Parameters.Count;
        SaturationParameterCount = Saturation.Parameters.Count;
        Names =
        [
            "intercept",
            .. Adstock.Parameters.SelectMany(p => channels.Select(c => $"adstock_{p.Name}[{c}]")),
            .. Saturation.Parameters.SelectMany(p => channels.Select(c => $"saturation_{p.Name}[{c}]")),
            .. controls.Select(k => $"gamma_control[{k}]"),
            .. fourierTerms.Select(f => $"gamma_fourier[{f}]"),
            "y_sigma",
        ];
        _support =
        [
            ParameterSupport.Real,
            .. Adstock.Parameters.SelectMany(p => Enumerable.Repeat(p.Support, Channels)),
            .. Saturation.Parameters.SelectMany(p => Enumerable.Repeat(p.Support, Channels)),
            .. Enumerable.Repeat(ParameterSupport.Real, Controls + FourierTerms),
            ParameterSupport.Positive,
        ];
    }

    public AdstockShape Adstock { get; }
    public SaturationShape Saturation { get; }
    /// <summary>Geometric adstock with logistic saturation: PyMC-Marketing's default model, which has its own fast kernels.</summary>
    public bool IsDefaultModel => Adstock == AdstockShape.Geometric && Saturation == SaturationShape.Logistic;
    public int Channels { get; }
    public int Controls { get; }
    public int FourierTerms { get; }
    public int AdstockParameterCount { get; }
    public int SaturationParameterCount { get; }
    public IReadOnlyList<string> Names { get; }
    public int Dimension => Names.Count;

    public const int Intercept = 0;
    /// <summary>Index of the adstock shape's parameter <paramref name="p"/> for channel <paramref name="c"/>.</summary>
    public int AdstockParameter(int c, int p) => 1 + p * Channels + c;
    /// <summary>Index of the saturation shape's parameter <paramref name="j"/> for channel <paramref name="c"/>.</summary>
    public int SaturationParameter(int c, int j) => 1 + (AdstockParameterCount + j) * Channels + c;
    /// <summary>adstock_alpha of the default model (geometric adstock).</summary>
    public int Alpha(int c) => AdstockParameter(c, 0);
    /// <summary>saturation_lam of the default model (logistic saturation).</summary>
    public int Lambda(int c) => SaturationParameter(c, 0);
    /// <summary>saturation_beta of the default model (logistic saturation).</summary>
    public int Beta(int c) => SaturationParameter(c, 1);
    public int GammaControl(int k) => 1 + (AdstockParameterCount + SaturationParameterCount) * Channels + k;
    public int GammaFourier(int j) => GammaControl(Controls) + j;
    public int Sigma => Dimension - 1;

    public ParameterSupport Support(int index) => _support[index];

    /// <summary>Maps an unconstrained vector to parameter values: logistic for (0, 1) parameters, exp for positive ones.</summary>
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> constrained)
    {
        for (int i = 0; i < Dimension; i++) constrained[i] = Constrain(i, unconstrained[i]);
    }

    public double Constrain(int index, double u) => _support[index] switch
    {
        ParameterSupport.UnitInterval => 1 / (1 + Math.Exp(-u)),
        ParameterSupport.Positive => Math.Exp(u),
        _ => u,
    };

    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        for (int i = 0; i < Dimension; i++)
        {
            double x = constrained[i];
            unconstrained[i] = _support[i] switch
            {
                ParameterSupport.UnitInterval => Math.Log(x / (1 - x)),
                ParameterSupport.Positive => Math.Log(x),
                _ => x,
            };
        }
    }

    /// <summary>Channel c's adstock parameters, constrained, from a vector of constrained parameter values.</summary>
    public void AdstockParameters(int c, ReadOnlySpan<double> constrained, Span<double> destination)
    {
        for (int p = 0; p < AdstockParameterCount; p++) destination[p] = constrained[AdstockParameter(c, p)];
    }

    public void SaturationParameters(int c, ReadOnlySpan<double> constrained, Span<double> destination)
    {
        for (int j = 0; j < SaturationParameterCount; j++) destination[j] = constrained[SaturationParameter(c, j)];
    }
}
