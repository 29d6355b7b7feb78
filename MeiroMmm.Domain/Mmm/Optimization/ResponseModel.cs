using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Optimization;

/// <summary>
/// Each channel's response to a flat spend level over a planning horizon, at every kept posterior draw, with its
/// derivative: the curve the optimizer, what-if and response-curve charts read. Spend runs for H periods; the
/// contribution is counted over H + W − 1 periods (W adstock lags: l_max, or l_max + 1 for Weibull CDF), so carry-over
/// after the last spend period counts. Adstock from before the horizon is left out: it is the same for every plan and
/// does not change the ranking much. Works for every adstock and saturation shape.
/// </summary>
public sealed class ResponseModel
{
    private readonly double[][] _prefix;                 // [channel][draw·(W+1) + l] = Σ_{j<l} w_j at that draw
    private readonly double[][] _saturation;             // [channel][draw·P + j], the saturation parameters
    private readonly double[] _scale;
    private readonly double _targetScale;
    private readonly int _lags;
    private readonly SaturationShape _saturationShape;
    private readonly int _saturationParameters;

    public ResponseModel(MmmPosteriorDraws draws, IReadOnlyList<string> channels, IReadOnlyList<double> channelScales, double targetScale, int lMax, int horizon,
        int maxDraws = 500, AdstockShape? adstock = null, SaturationShape? saturation = null)
    {
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The planning horizon needs at least one period.");
        var layout = new MmmParameterLayout(channels, [.. draws.Names.Where(n => n.StartsWith("gamma_control[")).Select(n => n[14..^1])],
            [.. draws.Names.Where(n => n.StartsWith("gamma_fourier[")).Select(n => n[14..^1])], adstock, saturation);
        if (!layout.Names.SequenceEqual(draws.Names))
            throw new ArgumentException($"The draws are not of a {layout.Adstock.Name} adstock / {layout.Saturation.Name} saturation model of these channels.", nameof(draws));
        int step = Math.Max(1, (draws.Count + maxDraws - 1) / maxDraws);
        int[] kept = [.. Enumerable.Range(0, draws.Count).Where(s => s % step == 0)];
        var response = new ChannelResponse(layout, lMax);
        _lags = layout.Adstock.WeightCount(lMax);
        _saturationShape = layout.Saturation;
        _saturationParameters = layout.SaturationParameterCount;
        _prefix = new double[channels.Count][];
        _saturation = new double[channels.Count][];
        for (int c = 0; c < channels.Count; c++)
        {
            _prefix[c] = new double[kept.Length * (_lags + 1)];
            _saturation[c] = new double[kept.Length * _saturationParameters];
            for (int i = 0; i < kept.Length; i++)
            {
                var weights = response.Weights(draws, c, kept[i]);
                for (int l = 0; l < _lags; l++) _prefix[c][i * (_lags + 1) + l + 1] = _prefix[c][i * (_lags + 1) + l] + weights[l];
                for (int j = 0; j < _saturationParameters; j++) _saturation[c][i * _saturationParameters + j] = draws.Values[layout.SaturationParameter(c, j)][kept[i]];
            }
        }
        Channels = channels; _scale = [.. channelScales]; _targetScale = targetScale; Horizon = horizon;
        Draws = kept.Length;
    }

    public IReadOnlyList<string> Channels { get; }
    public int Horizon { get; }
    public int Draws { get; }

    /// <summary>
    /// Contribution (KPI units) of spending <paramref name="total"/> on channel c, evenly over the horizon, at draw s;
    /// <paramref name="derivative"/> is d contribution / d total.
    /// </summary>
    public double Response(int c, int s, double total, out double derivative)
    {
        double x = total / Horizon / _scale[c];                 // scaled spend per period
        double dxdTotal = 1.0 / Horizon / _scale[c];
        // The adstock at period t is x times the sum of the weights of the lags that fall in the horizon: one subtraction
        // of prefix sums.
        var prefix = _prefix[c].AsSpan(s * (_lags + 1), _lags + 1);
        var parameters = _saturation[c].AsSpan(s * _saturationParameters, _saturationParameters);
        Span<double> unused = stackalloc double[_saturationParameters];
        double response = 0, slope = 0;
        int periods = Horizon + _lags - 1;
        for (int t = 0; t < periods; t++)
        {
            int lo = Math.Max(0, t - Horizon + 1), hi = Math.Min(_lags - 1, t);
            double weight = prefix[hi + 1] - prefix[lo];
            response += _saturationShape.Gradient(weight * x, parameters, out double dA, unused);
            slope += dA * weight;
        }
        derivative = _targetScale * slope * dxdTotal;
        return _targetScale * response;
    }

    /// <summary>Total response of an allocation at every draw (and, when asked, each channel's derivative at every draw).</summary>
    public void TotalResponse(ReadOnlySpan<double> allocation, Span<double> totals, double[][]? derivatives = null)
    {
        totals.Clear();
        for (int c = 0; c < Channels.Count; c++)
            for (int s = 0; s < Draws; s++)
            {
                totals[s] += Response(c, s, allocation[c], out double d);
                if (derivatives is not null) derivatives[c][s] = d;
            }
    }
}
