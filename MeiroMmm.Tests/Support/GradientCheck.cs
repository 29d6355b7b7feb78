using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Tests.Support;

public static class GradientCheck
{
    /// <summary>The analytic gradient at <paramref name="q"/> agrees with central differences (step 1e-6) in every coordinate.</summary>
    public static void AssertMatchesFiniteDifferences(IGradientEvaluator evaluator, double[] q, IReadOnlyList<string> names, double tolerance = 1e-5)
    {
        var gradient = new double[q.Length];
        evaluator.LogDensityGradient(q, gradient);
        var scratch = new double[q.Length];
        for (int i = 0; i < q.Length; i++)
        {
            const double h = 1e-6;
            var plus = (double[])q.Clone(); plus[i] += h;
            var minus = (double[])q.Clone(); minus[i] -= h;
            double numeric = (evaluator.LogDensityGradient(plus, scratch) - evaluator.LogDensityGradient(minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= tolerance * Math.Max(1, Math.Abs(numeric)), $"{names[i]}: analytic {gradient[i]}, numeric {numeric}");
        }
    }
}
