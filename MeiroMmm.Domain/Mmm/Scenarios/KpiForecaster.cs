using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// The fitted model's forecast of the KPI for periods after its data, at every kept posterior draw: baseline (intercept,
/// controls, seasonality) plus each channel's media effect of a spend path, carry-over from the last fitted periods
/// included (the same adstock and saturation as the fit, through <see cref="ChannelResponse"/>). Observation noise σ
/// is returned per draw, so callers can form the posterior predictive distribution.
/// </summary>
public sealed class KpiForecaster
{
    private readonly MmmPosteriorDraws _draws;
    private readonly MmmParameterLayout _layout;
    private readonly int _lMax;
    private readonly IReadOnlyList<double> _channelScales;
    private readonly double _targetScale;
    private readonly int[] _kept;

    public KpiForecaster(MmmPosteriorDraws draws, IReadOnlyList<string> channels, IReadOnlyList<double> channelScales, double targetScale, int lMax,
        AdstockShape? adstock = null, SaturationShape? saturation = null, int maxDraws = 500)
    {
        _layout = new MmmParameterLayout(channels, [.. draws.Names.Where(n => n.StartsWith("gamma_control[")).Select(n => n[14..^1])],
            [.. draws.Names.Where(n => n.StartsWith("gamma_fourier[")).Select(n => n[14..^1])], adstock, saturation);
        if (!_layout.Names.SequenceEqual(draws.Names))
            throw new ArgumentException($"The draws are not of a {_layout.Adstock.Name} adstock / {_layout.Saturation.Name} saturation model of these channels.", nameof(draws));
        _draws = draws; _lMax = lMax; _channelScales = channelScales; _targetScale = targetScale;
        int step = Math.Max(1, (draws.Count + maxDraws - 1) / maxDraws);   // the optimizer's thinning, so plan and check share draws
        _kept = [.. Enumerable.Range(0, draws.Count).Where(s => s % step == 0)];
        Channels = channels;
    }

    public IReadOnlyList<string> Channels { get; }
    /// <summary>Controls the model was fitted with (the order <see cref="Forecast"/> expects them in).</summary>
    public int ControlCount => _layout.Controls;
    public int FourierCount => _layout.FourierTerms;
    /// <summary>Periods of spend before the forecast that still reach it through carry-over (adstock lags − 1).</summary>
    public int HistoryPeriods => _layout.Adstock.WeightCount(_lMax) - 1;

    /// <summary>
    /// Forecasts <c>H</c> periods. <paramref name="history"/>[c] is channel c's spend just before them (currency units,
    /// oldest first, at least <see cref="HistoryPeriods"/> long or zeros are assumed), <paramref name="spend"/>[c] its
    /// spend in each forecast period; <paramref name="controls"/>[k] and <paramref name="fourier"/>[j] the control and
    /// seasonality features in model units (as <see cref="ScaledMmmData"/> holds them).
    /// </summary>
    public KpiForecast Forecast(IReadOnlyList<double[]> history, IReadOnlyList<double[]> spend, IReadOnlyList<double[]> controls, IReadOnlyList<double[]> fourier)
    {
        int C = Channels.Count, H = spend.Count > 0 ? spend[0].Length : 0, S = _kept.Length, W = HistoryPeriods;
        if (history.Count != C || spend.Count != C) throw new ArgumentException($"Need spend history and a spend path for each of the {C} channels.");
        if (spend.Any(s => s.Length != H)) throw new ArgumentException("Every channel's spend path needs the same number of periods.", nameof(spend));
        if (controls.Count != _layout.Controls || controls.Any(c => c.Length != H)) throw new ArgumentException($"Need {_layout.Controls} control series of {H} periods.", nameof(controls));
        if (fourier.Count != _layout.FourierTerms || fourier.Any(f => f.Length != H)) throw new ArgumentException($"Need {_layout.FourierTerms} seasonality series of {H} periods.", nameof(fourier));

        var mu = Enumerable.Range(0, S).Select(_ => new double[H]).ToArray();
        var contribution = Enumerable.Range(0, C).Select(_ => new double[S]).ToArray();
        var sigma = new double[S];
        var response = new ChannelResponse(_layout, _lMax);
        var series = new double[W + H]; var perPeriod = new double[W + H]; var scratch = new double[W + H];
        for (int i = 0; i < S; i++)
        {
            int s = _kept[i];
            var m = mu[i];
            Array.Fill(m, _targetScale * _draws.Values[MmmParameterLayout.Intercept][s]);
            for (int k = 0; k < _layout.Controls; k++)
            {
                double g = _targetScale * _draws.Values[_layout.GammaControl(k)][s];
                for (int t = 0; t < H; t++) m[t] += g * controls[k][t];
            }
            for (int j = 0; j < _layout.FourierTerms; j++)
            {
                double g = _targetScale * _draws.Values[_layout.GammaFourier(j)][s];
                for (int t = 0; t < H; t++) m[t] += g * fourier[j][t];
            }
            for (int c = 0; c < C; c++)
            {
                // The last W periods of history, zero-padded when shorter, then the path: the convolution then sees exactly the
                // carry-over the fitted model would.
                Array.Clear(series);
                var past = history[c];
                for (int l = 0; l < Math.Min(W, past.Length); l++) series[W - 1 - l] = past[past.Length - 1 - l];
                spend[c].CopyTo(series, W);
                response.Contribution(_draws, c, s, series, _channelScales[c], _targetScale, perPeriod, scratch);
                double total = 0;
                for (int t = 0; t < H; t++) { m[t] += perPeriod[W + t]; total += perPeriod[W + t]; }
                contribution[c][i] = total;
            }
            sigma[i] = _targetScale * _draws.Values[_layout.Sigma][s];
        }
        return new KpiForecast(mu, contribution, sigma);
    }
}
