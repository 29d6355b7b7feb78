namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>
/// Störmer–Verlet (leapfrog) for a Euclidean metric, as Stan's expl_leapfrog: half step in p, full step in q,
/// half step in p. One density-and-gradient evaluation per step.
/// </summary>
public sealed class LeapfrogIntegrator(IGradientEvaluator density, EuclideanMetric metric)
{
    private readonly double[] _velocity = new double[metric.InverseMetric.Length];   // M⁻¹p for a dense metric

    public long GradientEvaluations { get; private set; }

    /// <summary>Evaluates log p and its gradient at z.Q (start of a trajectory, or after the position was reset).</summary>
    public void Initialize(PhasePoint z)
    {
        z.LogDensity = density.LogDensityGradient(z.Q, z.Gradient);
        GradientEvaluations++;
    }

    public void Step(PhasePoint z, double epsilon)
    {
        var q = z.Q; var p = z.P; var g = z.Gradient; var inverseMetric = metric.InverseMetric;
        double half = 0.5 * epsilon;
        for (int i = 0; i < p.Length; i++) p[i] += half * g[i];
        if (metric.IsDense)
        {
            metric.Velocity(p, _velocity);
            for (int i = 0; i < q.Length; i++) q[i] += epsilon * _velocity[i];
        }
        else for (int i = 0; i < q.Length; i++) q[i] += epsilon * inverseMetric[i] * p[i];
        z.LogDensity = density.LogDensityGradient(q, g);
        GradientEvaluations++;
        for (int i = 0; i < p.Length; i++) p[i] += half * g[i];
    }
}
