using System.Diagnostics;
using MeiroMmm.Domain.Mmm.Diagnostics;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>Fits the MMM with NUTS and turns the draws into what a marketer reads: contributions, ROAS, fit, diagnostics.</summary>
public static class MmmFitter
{
    /// <summary>Per-period bands use at most this many draws (evenly thinned); totals and ROAS use all of them.</summary>
    internal const int MaxBandDraws = 1000;

    /// <param name="mode">The posterior mode when the caller found it already (for a preview); else found here when the chains start from it.</param>
    public static MmmFitResult Fit(ScaledMmmData data, SamplerSettings settings, IProgress<FitProgress>? progress, CancellationToken ct,
        LaplaceFitter.ModeResult? mode = null)
    {
        var posterior = new MmmPosterior(data);
        var wall = Stopwatch.StartNew();
        if (settings.Init == InitStrategy.Mode) mode ??= LaplaceFitter.FindMode(posterior, settings.Seed, starts: 4, ct);
        double[]? initialMetric = settings.Init == InitStrategy.Mode && settings.LaplaceInitialMetric
            ? [.. Enumerable.Range(0, posterior.Dimension).Select(i => mode!.Covariance[i, i])]
            : null;
        var chains = NutsSampler.Sample(posterior, settings, progress, ct,
            settings.Init == InitStrategy.Mode ? ModeStarts(posterior, mode!, settings.Seed, settings.ModeStartSpread) : null, initialMetric);
        double totalSeconds = wall.Elapsed.TotalSeconds;
        var draws = MmmPosteriorDraws.From(posterior.Layout, chains);
        return Summarize(data, posterior.Layout, settings, chains, draws, totalSeconds);
    }

    /// <summary>
    /// Fits on all but the last <paramref name="holdout"/> periods (scales from those), then predicts the held-out periods
    /// from every draw, with carry-over from the spend before them.
    /// </summary>
    public static MmmFitResult FitWithHoldout(MmmWideData data, MmmModelSpec spec, int holdout, SamplerSettings settings, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (holdout < 1 || holdout > data.PeriodCount / 3)
            throw new MmmDataException([new DataProblem("holdout", null, $"hold out between 1 and a third of the {data.PeriodCount} periods, not {holdout}.")]);
        var train = ScaledMmmData.Prepare(ScaledMmmData.Head(data, data.PeriodCount - holdout), spec);
        var full = ScaledMmmData.Prepare(data, spec, scalesFrom: train);
        var result = Fit(train, settings, progress, ct);
        var predicted = new PosteriorEffects(full, new MmmParameterLayout(train.ChannelNames, train.ControlNames, train.FourierNames, train.Adstock, train.Saturation), result.Draws)
            .Periods().Skip(train.Periods).ToList();
        double range = predicted.Max(p => p.Observed) - predicted.Min(p => p.Observed);
        double rmse = Math.Sqrt(predicted.Average(p => (p.Observed - p.PredictedMean) * (p.Observed - p.PredictedMean)));
        return result with
        {
            Holdout = new HoldoutFit(holdout,
                predicted.Average(p => Math.Abs(p.Observed - p.PredictedMean) / Math.Abs(p.Observed)),
                range > 0 ? rmse / range : double.NaN,
                predicted.Count(p => p.Observed >= p.PredictedQ05 && p.Observed <= p.PredictedQ95) / (double)predicted.Count,
                predicted),
        };
    }

    public static MmmFitResult Summarize(ScaledMmmData data, MmmParameterLayout layout, SamplerSettings settings,
        IReadOnlyList<ChainDraws> chains, MmmPosteriorDraws draws, double totalSeconds)
    {
        var parameters = layout.Names.Select((name, p) => new ParameterSummary(name, ConvergenceDiagnostics.Summarize(draws.ChainsOf(p)))).ToList();
        var finite = parameters.Where(p => !double.IsNaN(p.Summary.EssBulk)).ToList();
        var diagnostics = new FitDiagnostics(
            RhatMax: parameters.Max(p => double.IsNaN(p.Summary.Rhat) ? double.PositiveInfinity : p.Summary.Rhat),
            EssBulkMin: finite.Count > 0 ? finite.Min(p => p.Summary.EssBulk) : double.NaN,
            EssTailMin: finite.Count > 0 ? finite.Min(p => p.Summary.EssTail) : double.NaN,
            Divergences: chains.Sum(c => c.Divergent.Count(d => d)),
            TreeDepthHits: chains.Sum(c => c.TreeDepth.Count(d => d >= settings.MaxTreeDepth)),
            GradientEvaluations: chains.Sum(c => c.GradientEvaluations),
            SamplingSeconds: chains.Sum(c => c.SamplingTime.TotalSeconds),
            WarmupSeconds: chains.Sum(c => c.WarmupTime.TotalSeconds),
            TotalSeconds: totalSeconds,
            StepSizes: [.. chains.Select(c => c.StepSize)],
            Ebfmi: [.. chains.Select(c => Ebfmi(c.Energy))],
            EssBulkMinParameter: finite.Count > 0 ? finite.MinBy(p => p.Summary.EssBulk)!.Name : null);

        var effects = new PosteriorEffects(data, layout, draws);
        return new MmmFitResult(diagnostics, parameters, effects.Channels(), effects.Quality(), effects.Periods(), effects.ContributionSeries(),
            effects.ResponseCurves(), effects.AdstockWeights(), draws);
    }

    /// <summary>
    /// Starting points around the Laplace approximation: mode + spread·(draw from N(0, Σ)) (spread 2 by default: 1 and 3
    /// did worse, docs/BENCHMARKS.md), one per chain from its own stream,
    /// overdispersed relative to the approximate posterior so R-hat can still see chains that disagree.
    /// </summary>
    private static Func<int, double[]> ModeStarts(MmmPosterior posterior, LaplaceFitter.ModeResult mode, ulong seed, double spread)
    {
        var factor = mode.Covariance.Cholesky().Factor;
        return chain =>
        {
            var rng = new ChainRandom(seed, 1000 + chain);
            var z = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(posterior.Dimension, _ => spread * rng.StandardNormal());
            var offset = factor * z;
            return [.. mode.Mode.Select((m, i) => m + offset[i])];
        };
    }

    /// <summary>Energy Bayesian fraction of missing information (Betancourt 2016): below 0.3 signals poor exploration.</summary>
    public static double Ebfmi(IReadOnlyList<double> energy)
    {
        if (energy.Count < 2) return double.NaN;
        double mean = energy.Average(), numerator = 0, denominator = 0;
        for (int i = 0; i < energy.Count; i++)
        {
            if (i > 0) numerator += (energy[i] - energy[i - 1]) * (energy[i] - energy[i - 1]);
            denominator += (energy[i] - mean) * (energy[i] - mean);
        }
        return numerator / denominator;
    }

    /// <summary>The q-quantile (R type 7) of values, which it sorts in place.</summary>
    internal static double Quantile(double[] values, double q)
    {
        Array.Sort(values);
        double h = (values.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        return lo + 1 < values.Length ? values[lo] + (h - lo) * (values[lo + 1] - values[lo]) : values[lo];
    }
}
