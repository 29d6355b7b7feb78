using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>
/// A channel's media effect at one posterior draw, in original KPI units: contribution over time for a spend series.
/// The one place contributions, ROAS, marginal ROAS and response curves evaluate adstock and saturation.
/// </summary>
public sealed class ChannelResponse
{
    private readonly MmmParameterLayout _layout;
    private readonly int _lMax;
    private readonly double[] _adstockParameters, _saturationParameters, _weights;

    public ChannelResponse(MmmParameterLayout layout, int lMax)
    {
        _layout = layout; _lMax = lMax;
        _adstockParameters = new double[layout.AdstockParameterCount];
        _saturationParameters = new double[layout.SaturationParameterCount];
        _weights = new double[layout.Adstock.WeightCount(lMax)];
    }

    /// <summary>The adstock weights of channel c at draw s (lag 0 first); the returned buffer is reused by the next call.</summary>
    public ReadOnlySpan<double> Weights(MmmPosteriorDraws draws, int c, int s)
    {
        for (int p = 0; p < _adstockParameters.Length; p++) _adstockParameters[p] = draws.Values[_layout.AdstockParameter(c, p)][s];
        if (!_layout.Adstock.Weights(_adstockParameters, _weights, []))
            throw new InvalidOperationException($"{_layout.Adstock.Name} adstock weights are undefined at draw {s} of channel {c}.");
        return _weights;
    }

    /// <summary>Steady-state response: spending x (scaled) every period gives f(x) per period, since the weights sum to 1.</summary>
    public double Saturation(MmmPosteriorDraws draws, int c, int s, double scaledSpend)
    {
        for (int j = 0; j < _saturationParameters.Length; j++) _saturationParameters[j] = draws.Values[_layout.SaturationParameter(c, j)][s];
        return _layout.Saturation.Value(scaledSpend, _saturationParameters);
    }

    /// <summary>
    /// Writes the contribution per period (KPI units) of spend series <paramref name="spend"/> (currency units) for channel
    /// c at draw s, and returns its total. <paramref name="scratch"/> needs the spend's length.
    /// </summary>
    public double Contribution(MmmPosteriorDraws draws, int c, int s, ReadOnlySpan<double> spend, double channelScale, double targetScale,
        Span<double> perPeriod, Span<double> scratch)
    {
        for (int t = 0; t < spend.Length; t++) scratch[t] = spend[t] / channelScale;
        MediaTransforms.Convolve(scratch[..spend.Length], Weights(draws, c, s), perPeriod);
        for (int j = 0; j < _saturationParameters.Length; j++) _saturationParameters[j] = draws.Values[_layout.SaturationParameter(c, j)][s];
        double total = 0;
        for (int t = 0; t < spend.Length; t++)
        {
            perPeriod[t] = targetScale * _layout.Saturation.Value(perPeriod[t], _saturationParameters);
            total += perPeriod[t];
        }
        return total;
    }
}
