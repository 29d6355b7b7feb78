using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>
/// The fast preview: the posterior mode on the unconstrained scale by L-BFGS from several random starts, then a
/// Laplace approximation N(mode, (−∇²log p)⁻¹) there, sampled and summarized like a NUTS fit. Under a second on the
/// standard dataset; a rough guide (the MMM posterior is skewed and sometimes multimodal), and NUTS's starting point.
/// </summary>
public static class LaplaceFitter
{
    public sealed record ModeResult(double[] Mode, double LogDensity, Matrix<double> Covariance, long GradientEvaluations);

    public static ModeResult FindMode(IDensityModel model, ulong seed, int starts, CancellationToken ct)
    {
        var evaluator = model.CreateEvaluator();
        int dim = model.Dimension;
        long evaluations = 0;
        var gradient = new double[dim];
        var objective = ObjectiveFunction.Gradient(v =>
        {
            evaluations++;
            double lp = evaluator.LogDensityGradient(v.AsArray() ?? v.ToArray(), gradient);
            if (!double.IsFinite(lp)) return (1e300, Vector<double>.Build.Dense(dim));
            return (-lp, -Vector<double>.Build.Dense((double[])gradient.Clone()));
        });
        var rng = new ChainRandom(seed, 99);
        double[]? best = null;
        double bestValue = double.NegativeInfinity;
        for (int start = 0; start < starts; start++)
        {
            ct.ThrowIfCancellationRequested();
            var init = Vector<double>.Build.Dense(dim, _ => 2 * (2 * rng.Uniform() - 1));
            double[] point;
            try
            {
                var result = new LimitedMemoryBfgsMinimizer(1e-6, 1e-10, 1e-12, memory: 10, maximumIterations: 2000).FindMinimum(objective, init);
                point = result.MinimizingPoint.ToArray();
            }
            catch (Exception e) when (e is MaximumIterationsException or OptimizationException or ArgumentException)
            {
                continue;   // this start failed to converge; another may not
            }
            double value = evaluator.LogDensityGradient(point, gradient);
            if (double.IsFinite(value) && value > bestValue) { bestValue = value; best = point; }
        }
        if (best is null) throw new InvalidOperationException("The posterior mode could not be found from any starting point.");

        // Hessian by central differences of the analytic gradient (2·d gradient evaluations), symmetrized.
        var hessian = Matrix<double>.Build.Dense(dim, dim);
        var plus = new double[dim]; var minus = new double[dim];
        for (int j = 0; j < dim; j++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(best[j]));
            var q = (double[])best.Clone();
            q[j] += h; evaluator.LogDensityGradient(q, plus);
            q[j] -= 2 * h; evaluator.LogDensityGradient(q, minus);
            evaluations += 2;
            for (int i = 0; i < dim; i++) hessian[i, j] = (plus[i] - minus[i]) / (2 * h);
        }
        var negativeHessian = -0.5 * (hessian + hessian.Transpose());
        // A flat or saddle direction has no Laplace approximation; add a small ridge so the covariance stays usable.
        var eigen = negativeHessian.Evd(Symmetricity.Symmetric);
        double minEigen = eigen.EigenValues.Min(v => v.Real);
        if (minEigen <= 1e-8) negativeHessian += Matrix<double>.Build.DenseIdentity(dim) * (1e-6 - minEigen);
        return new ModeResult(best, bestValue, negativeHessian.Inverse(), evaluations);
    }

    public static MmmFitResult Fit(ScaledMmmData data, int draws, ulong seed, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var posterior = new MmmPosterior(data);
        var mode = FindMode(posterior, seed, starts: 4, ct);
        return FromMode(data, posterior, mode, draws, seed, clock);
    }

    /// <summary>
    /// The Laplace approximation around a mode already found (a NUTS fit finds it anyway to start its chains, so its
    /// live preview costs only the draws and their summary).
    /// </summary>
    /// <param name="clock">Started when the mode search began, so the reported time covers it.</param>
    public static MmmFitResult FromMode(ScaledMmmData data, MmmPosterior posterior, ModeResult mode, int draws, ulong seed, Stopwatch clock)
    {
        int dim = posterior.Dimension;
        var cholesky = mode.Covariance.Cholesky().Factor;
        var rng = new ChainRandom(seed, 100);
        var chain = new ChainDraws(draws, dim);
        var z = Vector<double>.Build.Dense(dim);
        for (int s = 0; s < draws; s++)
        {
            for (int i = 0; i < dim; i++) z[i] = rng.StandardNormal();
            var x = cholesky * z;
            for (int i = 0; i < dim; i++) chain.Values[s * dim + i] = mode.Mode[i] + x[i];
        }
        chain.GradientEvaluations = mode.GradientEvaluations;
        chain.WarmupTime = clock.Elapsed;
        chain.StepSize = double.NaN;
        chain.InverseMetric = [.. Enumerable.Range(0, dim).Select(i => mode.Covariance[i, i])];
        var settings = new SamplerSettings { Chains = 1, Warmup = 0, Draws = draws, Seed = seed };
        var posteriorDraws = MmmPosteriorDraws.From(posterior.Layout, [chain]);
        return MmmFitter.Summarize(data, posterior.Layout, settings, [chain], posteriorDraws, clock.Elapsed.TotalSeconds);
    }
}
