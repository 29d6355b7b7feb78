namespace MeiroMmm.Domain.Experiments;

/// <summary>A pooled estimate with its standard error and normal confidence interval, on the scale of the inputs (exponentiate a log ratio to report it).</summary>
public sealed record PooledEffect(double Estimate, double StandardError, ConfidenceInterval Ci);
