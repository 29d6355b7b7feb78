using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Optimization;

/// <summary>
/// Each channel's response to a flat spend level over a planning horizon, at every kept posterior draw, with its
/// derivative: the curve the optimizer, what-if and response-curve charts read. Spend runs for H periods; the
/// contribution is counted over H + l_max − 1 periods, so carry-over after the last spend period counts.
/// Adstock from before the horizon is left out: it is the same for every plan and does not change the ranking much.
/// </summary>
public sealed class ResponseModel
{
    private readonly double[][] _alpha, _lambda, _beta;   // [channel][draw]
    private readonly double[] _scale;
    private readonly double _targetScale;
    private readonly int _lMax;

    public ResponseModel(MmmPosteriorDraws draws, IReadOnlyList<string> channels, IReadOnlyList<double> channelScales, double targetScale, int lMax, int horizon, int maxDraws = 500)
    {
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The planning horizon needs at least one period.");
        var layout = new MmmParameterLayout(channels, [.. draws.Names.Where(n => n.StartsWith("gamma_control[")).Select(n => n[14..^1])],
            [.. draws.Names.Where(n => n.StartsWith("gamma_fourier[")).Select(n => n[14..^1])]);
        int step = Math.Max(1, (draws.Count + maxDraws - 1) / maxDraws);
        int[] kept = [.. Enumerable.Range(0, draws.Count).Where(s => s % step == 0)];
        double[][] Take(Func<int, int> index) => [.. Enumerable.Range(0, channels.Count).Select(c => kept.Select(s => draws.Values[index(c)][s]).ToArray())];
        _alpha = Take(layout.Alpha); _lambda = Take(layout.Lambda); _beta = Take(layout.Beta);
        Channels = channels; _scale = [.. channelScales]; _targetScale = targetScale; _lMax = lMax; Horizon = horizon;
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
        double alpha = _alpha[c][s], lambda = _lambda[c][s], beta = _beta[c][s];
        double x = total / Horizon / _scale[c];                 // scaled spend per period
        double dxdTotal = 1.0 / Horizon / _scale[c];
        // Normalized weights: the adstock at period t is x times the sum of the weights of the lags that fall in the
        // horizon; prefix[l] = Σ_{j<l} α^j makes each such sum one subtraction.
        Span<double> prefix = stackalloc double[_lMax + 1];
        double power = 1;
        for (int l = 0; l < _lMax; l++) { prefix[l + 1] = prefix[l] + power; power *= alpha; }
        double sumAll = prefix[_lMax];
        double response = 0, slope = 0;
        int periods = Horizon + _lMax - 1;
        for (int t = 0; t < periods; t++)
        {
            int lo = Math.Max(0, t - Horizon + 1), hi = Math.Min(_lMax - 1, t);
            double weight = (prefix[hi + 1] - prefix[lo]) / sumAll;
            double a = weight * x;
            double e = Math.Exp(-lambda * a), saturation = (1 - e) / (1 + e);
            response += saturation;
            slope += 0.5 * lambda * (1 - saturation * saturation) * weight;
        }
        derivative = _targetScale * beta * slope * dxdTotal;
        return _targetScale * beta * response;
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
