using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>Channel contributions, ROAS, predictions and fit quality computed from every posterior draw, in original units.</summary>
internal sealed class PosteriorEffects
{
    private const double MarginalStep = 0.01;   // marginal ROAS: +1% spend in every period
    private readonly ScaledMmmData _data;
    private readonly MmmParameterLayout _layout;
    private readonly MmmPosteriorDraws _draws;
    private readonly double[][] _contributionTotals;   // [channel][draw]
    private readonly double[] _marginalRoas;
    private readonly int[] _bandDraws;
    private readonly double[][][] _contributionBands;  // [channel][band draw][t]
    private readonly double[][] _predictionBands;      // [band draw][t], posterior predictive (with noise)
    private readonly double[] _meanPrediction;         // posterior mean of μ, original units
    private readonly double[] _spendTotals;
    private readonly ChannelResponse _response;

    public PosteriorEffects(ScaledMmmData data, MmmParameterLayout layout, MmmPosteriorDraws draws)
    {
        _data = data; _layout = layout; _draws = draws;
        int T = data.Periods, C = data.ChannelCount, S = draws.Count;
        _spendTotals = [.. Enumerable.Range(0, C).Select(c => data.Spend.Skip(c * T).Take(T).Sum())];
        int step = Math.Max(1, (S + MmmFitter.MaxBandDraws - 1) / MmmFitter.MaxBandDraws);
        _bandDraws = [.. Enumerable.Range(0, S).Where(s => s % step == 0)];
        _contributionTotals = [.. Enumerable.Range(0, C).Select(_ => new double[S])];
        _contributionBands = [.. Enumerable.Range(0, C).Select(_ => new double[_bandDraws.Length][])];
        _predictionBands = new double[_bandDraws.Length][];
        _meanPrediction = new double[T];
        var marginal = new double[C];
        var perPeriod = new double[T]; var scratch = new double[T]; var bumped = new double[T]; var mu = new double[T];
        var rng = new Sampling.ChainRandom(20260301, 0);
        _response = new ChannelResponse(layout, data.LMax);
        int band = 0;
        for (int s = 0; s < S; s++)
        {
            bool inBand = band < _bandDraws.Length && _bandDraws[band] == s;
            BaseMean(s, mu);
            for (int c = 0; c < C; c++)
            {
                var spend = data.Spend.AsSpan(c * T, T);
                double total = _response.Contribution(draws, c, s, spend, data.ChannelScales[c], data.TargetScale, perPeriod, scratch);
                _contributionTotals[c][s] = total;
                for (int t = 0; t < T; t++) mu[t] += perPeriod[t];
                if (inBand) _contributionBands[c][band] = (double[])perPeriod.Clone();
                for (int t = 0; t < T; t++) bumped[t] = spend[t] * (1 + MarginalStep);
                double more = _response.Contribution(draws, c, s, bumped, data.ChannelScales[c], data.TargetScale, perPeriod, scratch);
                marginal[c] += (more - total) / (MarginalStep * SpendTotal(c));
            }
            for (int t = 0; t < T; t++) _meanPrediction[t] += mu[t] / S;
            if (inBand)
            {
                double sigma = draws.Values[layout.Sigma][s] * data.TargetScale;
                _predictionBands[band] = [.. mu.Select(m => m + sigma * rng.StandardNormal())];
                band++;
            }
        }
        _marginalRoas = [.. marginal.Select(m => m / S)];
    }

    private double SpendTotal(int c) => _spendTotals[c];

    /// <summary>Everything but media, in original units: intercept + controls + seasonality.</summary>
    private void BaseMean(int s, double[] mu)
    {
        int T = _data.Periods;
        double scale = _data.TargetScale;
        Array.Fill(mu, scale * _draws.Values[MmmParameterLayout.Intercept][s]);
        for (int k = 0; k < _layout.Controls; k++)
        {
            double g = scale * _draws.Values[_layout.GammaControl(k)][s];
            for (int t = 0; t < T; t++) mu[t] += g * _data.Controls[k * T + t];
        }
        for (int j = 0; j < _layout.FourierTerms; j++)
        {
            double g = scale * _draws.Values[_layout.GammaFourier(j)][s];
            for (int t = 0; t < T; t++) mu[t] += g * _data.Fourier[j * T + t];
        }
    }

    private double[] Observed => [.. _data.Y.Select(y => y * _data.TargetScale)];

    public IReadOnlyList<ChannelSummary> Channels()
    {
        double kpiTotal = Observed.Sum();
        return [.. _data.ChannelNames.Select((name, c) =>
        {
            double spend = SpendTotal(c);
            var totals = _contributionTotals[c];
            var sorted = (double[])totals.Clone();
            double q05 = MmmFitter.Quantile(sorted, 0.05), q95 = MmmFitter.Quantile(sorted, 0.95), mean = totals.Average();
            return new ChannelSummary(name, spend, mean, q05, q95, mean / kpiTotal, mean / spend, q05 / spend, q95 / spend, _marginalRoas[c]);
        })];
    }

    public FitQuality Quality()
    {
        var y = Observed;
        double mean = y.Average(), ssTot = 0, ssRes = 0, ape = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double e = y[t] - _meanPrediction[t];
            ssRes += e * e;
            ssTot += (y[t] - mean) * (y[t] - mean);
            ape += Math.Abs(e) / Math.Abs(y[t]);
        }
        double rmse = Math.Sqrt(ssRes / y.Length);
        return new FitQuality(1 - ssRes / ssTot, ape / y.Length, rmse / (y.Max() - y.Min()));
    }

    public IReadOnlyList<PeriodFit> Periods()
    {
        var y = Observed;
        var column = new double[_predictionBands.Length];
        return [.. Enumerable.Range(0, _data.Periods).Select(t =>
        {
            for (int b = 0; b < column.Length; b++) column[b] = _predictionBands[b][t];
            return new PeriodFit(_data.Dates[t], y[t], _meanPrediction[t], MmmFitter.Quantile(column, 0.05), MmmFitter.Quantile(column, 0.95));
        })];
    }

    public IReadOnlyList<ChannelContributionSeries> ContributionSeries()
    {
        int T = _data.Periods;
        var column = new double[_bandDraws.Length];
        return [.. _data.ChannelNames.Select((name, c) =>
        {
            double[] mean = new double[T], q05 = new double[T], q95 = new double[T];
            for (int t = 0; t < T; t++)
            {
                for (int b = 0; b < column.Length; b++) column[b] = _contributionBands[c][b][t];
                mean[t] = column.Average();
                q05[t] = MmmFitter.Quantile(column, 0.05);
                q95[t] = MmmFitter.Quantile(column, 0.95);
            }
            return new ChannelContributionSeries(name, mean, q05, q95);
        })];
    }

    /// <summary>
    /// Steady state of normalized adstock is the spend itself, so spending s per period forever yields
    /// max(KPI)·f(s/scale) per period (f the saturation curve, β·tanh(λ·s/scale/2) by default). Evaluated on 0 … 2× the channel's average spend, at up to 1000 draws.
    /// </summary>
    public IReadOnlyList<ResponseCurve> ResponseCurves(int points = 25)
    {
        int T = _data.Periods;
        var column = new double[_bandDraws.Length];
        return [.. _data.ChannelNames.Select((name, c) =>
        {
            double current = _spendTotals[c] / T;
            double[] grid = [.. Enumerable.Range(0, points).Select(i => 2 * current * i / (points - 1))];
            double[] mean = new double[points], q05 = new double[points], q95 = new double[points];
            for (int i = 0; i < points; i++)
            {
                for (int b = 0; b < column.Length; b++)
                {
                    int s = _bandDraws[b];
                    column[b] = _data.TargetScale * _response.Saturation(_draws, c, s, grid[i] / _data.ChannelScales[c]);
                }
                mean[i] = column.Average();
                q05[i] = MmmFitter.Quantile(column, 0.05);
                q95[i] = MmmFitter.Quantile(column, 0.95);
            }
            return new ResponseCurve(name, grid, mean, q05, q95, current);
        })];
    }

    public IReadOnlyList<AdstockWeights> AdstockWeights()
    {
        int L = _layout.Adstock.WeightCount(_data.LMax);
        return [.. _data.ChannelNames.Select((name, c) =>
        {
            var mean = new double[L];
            for (int s = 0; s < _draws.Count; s++)
            {
                var weights = _response.Weights(_draws, c, s);
                for (int l = 0; l < L; l++) mean[l] += weights[l] / _draws.Count;
            }
            return new AdstockWeights(name, mean);
        })];
    }
}
