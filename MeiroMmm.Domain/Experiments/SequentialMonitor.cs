using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Always-valid monitoring of one experiment across scheduled looks (the nightly report): feed it the cumulative
/// counts at each look, in order. p_k = min(p_{k−1}, 1/Λ_k) with p_0 = 1, and the confidence sequence is the
/// intersection of the per-look confidence sets. Peeking at every look keeps the false-positive rate at α.
/// </summary>
public sealed class SequentialMonitor
{
    private readonly double _tau2;
    private readonly double _alpha;
    private double _p = 1;
    private ConfidenceInterval _sequence = ConfidenceInterval.Unbounded;
    private int _looks;

    /// <param name="tau2">Mixture variance on the absolute-difference scale (1e-4 means τ = 1 pp): the size of effect the test is tuned for.</param>
    /// <param name="alpha">Level of the confidence sequence.</param>
    public SequentialMonitor(double tau2, double alpha = 0.05)
    {
        if (!(tau2 > 0 && double.IsFinite(tau2))) throw new ArgumentOutOfRangeException(nameof(tau2), tau2, "tau2 must be a positive variance.");
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie strictly between 0 and 1.");
        _tau2 = tau2;
        _alpha = alpha;
    }

    public static IReadOnlyList<InputProblem> Problems(double tau2, double alpha)
    {
        var problems = new List<InputProblem>();
        if (!(tau2 > 0 && double.IsFinite(tau2))) problems.Add(new("tau2", Invariant($"tau2 must be a positive variance, not {tau2}.")));
        if (!(alpha > 0 && alpha < 1)) problems.Add(new("alpha", Invariant($"alpha must lie strictly between 0 and 1, not {alpha}.")));
        return problems;
    }

    /// <summary>Records the cumulative totals at the next look.</summary>
    public SequentialLook Observe(GroupTotals treatment, GroupTotals control)
    {
        double theta = treatment.Rate - control.Rate;
        double variance = MixtureSprt.EstimatorVariance(treatment, control);
        double logLambda = MixtureSprt.LogLikelihoodRatio(theta, variance, _tau2);
        _p = Math.Min(_p, Math.Min(1.0, Math.Exp(-logLambda)));
        var atLook = MixtureSprt.ConfidenceSet(theta, variance, _tau2, _alpha);
        _sequence = _sequence.Intersect(atLook);
        return new SequentialLook(++_looks, theta, variance, logLambda, _p, atLook, _sequence);
    }
}
