namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// Where each parameter sits in the unconstrained vector (Stan's order, as in reference/stan/mmm.stan):
/// intercept, adstock_alpha[C], saturation_lam[C], saturation_beta[C], gamma_control[K], gamma_fourier[F], y_sigma.
/// Names follow PyMC-Marketing.
/// </summary>
public sealed class MmmParameterLayout
{
    public MmmParameterLayout(IReadOnlyList<string> channels, IReadOnlyList<string> controls, IReadOnlyList<string> fourierTerms)
    {
        Channels = channels.Count; Controls = controls.Count; FourierTerms = fourierTerms.Count;
        Names =
        [
            "intercept",
            .. channels.Select(c => $"adstock_alpha[{c}]"),
            .. channels.Select(c => $"saturation_lam[{c}]"),
            .. channels.Select(c => $"saturation_beta[{c}]"),
            .. controls.Select(k => $"gamma_control[{k}]"),
            .. fourierTerms.Select(f => $"gamma_fourier[{f}]"),
            "y_sigma",
        ];
    }

    public int Channels { get; }
    public int Controls { get; }
    public int FourierTerms { get; }
    public IReadOnlyList<string> Names { get; }
    public int Dimension => Names.Count;

    public const int Intercept = 0;
    public int Alpha(int c) => 1 + c;
    public int Lambda(int c) => 1 + Channels + c;
    public int Beta(int c) => 1 + 2 * Channels + c;
    public int GammaControl(int k) => 1 + 3 * Channels + k;
    public int GammaFourier(int j) => 1 + 3 * Channels + Controls + j;
    public int Sigma => Dimension - 1;

    /// <summary>Maps an unconstrained vector to parameter values: logistic for adstock_alpha, exp for λ, β and σ.</summary>
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> constrained)
    {
        for (int i = 0; i < Dimension; i++) constrained[i] = unconstrained[i];
        for (int c = 0; c < Channels; c++)
        {
            constrained[Alpha(c)] = 1 / (1 + Math.Exp(-unconstrained[Alpha(c)]));
            constrained[Lambda(c)] = Math.Exp(unconstrained[Lambda(c)]);
            constrained[Beta(c)] = Math.Exp(unconstrained[Beta(c)]);
        }
        constrained[Sigma] = Math.Exp(unconstrained[Sigma]);
    }

    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        for (int i = 0; i < Dimension; i++) unconstrained[i] = constrained[i];
        for (int c = 0; c < Channels; c++)
        {
            double a = constrained[Alpha(c)];
            unconstrained[Alpha(c)] = Math.Log(a / (1 - a));
            unconstrained[Lambda(c)] = Math.Log(constrained[Lambda(c)]);
            unconstrained[Beta(c)] = Math.Log(constrained[Beta(c)]);
        }
        unconstrained[Sigma] = Math.Log(constrained[Sigma]);
    }
}
