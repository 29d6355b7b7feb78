namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// The model's view of the data (reference/PRIORS.md §1): spend divided by its per-channel maximum, the KPI by its
/// maximum, controls as given, Fourier features from the dates. Series are stored channel-major for the hot loop:
/// X[c * T + t].
/// </summary>
public sealed class ScaledMmmData
{
    public required int Periods { get; init; }
    public required IReadOnlyList<DateOnly> Dates { get; init; }
    public required IReadOnlyList<string> ChannelNames { get; init; }
    public required IReadOnlyList<string> ControlNames { get; init; }
    public required IReadOnlyList<string> FourierNames { get; init; }
    public required double[] X { get; init; }
    public required double[] Y { get; init; }
    public required double[] Controls { get; init; }
    public required double[] Fourier { get; init; }
    /// <summary>max |spend| per channel, in currency units.</summary>
    public required double[] ChannelScales { get; init; }
    /// <summary>max |KPI|, in KPI units: multiply scaled contributions by it to report original units.</summary>
    public required double TargetScale { get; init; }
    /// <summary>Raw spend per channel (channel-major), for ROAS.</summary>
    public required double[] Spend { get; init; }
    public required int LMax { get; init; }
    public AdstockShape Adstock { get; init; } = AdstockShape.Geometric;
    public SaturationShape Saturation { get; init; } = SaturationShape.Logistic;
    /// <summary>Number of adstock lags the model convolves with (l_max; l_max + 1 for Weibull CDF).</summary>
    public int AdstockLags => Adstock.WeightCount(LMax);
    public IReadOnlyList<ScaledLiftTest> LiftTests { get; init; } = [];
    public MmmPriors Priors { get; init; } = new();

    public int ChannelCount => ChannelNames.Count;

    /// <summary>The first <paramref name="periods"/> rows of a wide dataset (for fitting with a hold-out).</summary>
    public static MmmWideData Head(MmmWideData data, int periods) => new(
        [.. data.Dates.Take(periods)],
        [.. data.Kpis.Select(s => s with { Values = s.Values[..periods] })],
        [.. data.Channels.Select(s => s with { Values = s.Values[..periods] })],
        [.. data.Controls.Select(s => s with { Values = s.Values[..periods] })]);

    /// <summary>
    /// Scales the data for <paramref name="spec"/>. With <paramref name="scalesFrom"/>, reuses that dataset's scales (a
    /// hold-out is predicted on the scale the model was fitted on); otherwise they are this data's maxima.
    /// </summary>
    public static ScaledMmmData Prepare(MmmWideData data, MmmModelSpec spec, ScaledMmmData? scalesFrom = null)
    {
        var errors = MmmDataValidator.Validate(data, spec);
        if (errors.Count > 0) throw new MmmDataException(errors);

        int n = data.PeriodCount;
        var kpi = data.Kpis.Concat(data.Channels).Concat(data.Controls).First(s => s.Name == spec.Kpi).Values;
        double yScale = scalesFrom?.TargetScale ?? kpi.Max(Math.Abs);
        var channels = spec.Channels.Select(name => data.Channels.Concat(data.Controls).Concat(data.Kpis).First(s => s.Name == name).Values).ToArray();
        var controls = spec.Controls.Select(name => data.Controls.Concat(data.Channels).Concat(data.Kpis).First(s => s.Name == name).Values).ToList();
        var controlNames = spec.Controls.ToList();
        if (spec.IncludeTrend)
        {
            // Time runs 0 → 1 over the fitted periods; a hold-out continues the same line past 1.
            int fitted = scalesFrom?.Periods ?? n;
            controls.Add([.. Enumerable.Range(0, n).Select(t => fitted > 1 ? t / (double)(fitted - 1) : 0)]);
            controlNames.Add("trend");
        }
        int order = scalesFrom?.FourierNames.Count / 2 ?? spec.FourierOrder ?? (data.Dates[^1].DayNumber - data.Dates[0].DayNumber >= 365 ? 2 : 0);
        var fourierNames = YearlyFourier.TermNames(order);
        var rowMajor = YearlyFourier.Features(data.Dates, order);
        var fourier = new double[fourierNames.Count * n];
        for (int t = 0; t < n; t++)
            for (int j = 0; j < fourierNames.Count; j++) fourier[j * n + t] = rowMajor[t * fourierNames.Count + j];

        var scales = scalesFrom?.ChannelScales ?? channels.Select(c => c.Max(Math.Abs)).ToArray();
        var x = new double[channels.Length * n];
        var spend = new double[channels.Length * n];
        for (int c = 0; c < channels.Length; c++)
            for (int t = 0; t < n; t++) { x[c * n + t] = channels[c][t] / scales[c]; spend[c * n + t] = channels[c][t]; }
        var z = new double[controls.Count * n];
        for (int k = 0; k < controls.Count; k++) controls[k].CopyTo(z, k * n);

        var priorProblems = spec.Priors.Validate(new MmmParameterLayout(spec.Channels, controlNames, fourierNames, spec.Adstock, spec.Saturation)).ToList();
        if (priorProblems.Count > 0) throw new MmmDataException(priorProblems);

        return new ScaledMmmData
        {
            Priors = spec.Priors,
            Periods = n, Dates = data.Dates, ChannelNames = spec.Channels, ControlNames = controlNames, FourierNames = fourierNames,
            X = x, Y = [.. kpi.Select(v => v / yScale)], Controls = z, Fourier = fourier,
            ChannelScales = scales, TargetScale = yScale, Spend = spend, LMax = spec.LMax, Adstock = spec.Adstock, Saturation = spec.Saturation,
            LiftTests = [.. spec.LiftTests.Select(l =>
            {
                int c = spec.Channels.ToList().IndexOf(l.Channel);
                return new ScaledLiftTest(c, l.X / scales[c], l.DeltaX / scales[c], Math.Abs(l.DeltaY) / yScale, l.Sigma / yScale);
            })],
        };
    }
}
