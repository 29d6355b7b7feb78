namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// A metric's change between the comparison period and the current period, split into <see cref="Terms"/> (which sum
/// exactly to <see cref="Change"/>) and into segments (whose changes sum to it too). <see cref="TopContributors"/> are
/// the segments with the largest absolute change, <see cref="TopMovers"/> those whose share of the metric moved most.
/// </summary>
public sealed record MetricDecomposition(
    string Metric,
    string Unit,
    double Compare,
    double Current,
    double Change,
    double? PercentChange,
    IReadOnlyList<DecompositionTerm> Terms,
    IReadOnlyList<SegmentContribution> Segments,
    IReadOnlyList<SegmentContribution> TopContributors,
    IReadOnlyList<SegmentContribution> TopMovers)
{
    public const string Conversions = "conversions", Value = "value", Roas = "roas";

    /// <summary>The terms' sum minus the change: zero up to floating-point rounding, reported so anyone can check.</summary>
    public double Residual => Terms.Sum(t => t.Value) - Change;
}
