namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// A two-sided interval [Low, High]. Infinite ends mean "unbounded" (e.g. an mSPRT confidence sequence before the
/// variance can be estimated); callers that write JSON turn them into null.
/// </summary>
public readonly record struct ConfidenceInterval(double Low, double High)
{
    public static ConfidenceInterval Unbounded { get; } = new(double.NegativeInfinity, double.PositiveInfinity);

    public bool Contains(double value) => value >= Low && value <= High;

    public ConfidenceInterval Shift(double by) => new(Low + by, High + by);

    public ConfidenceInterval Intersect(ConfidenceInterval other) => new(Math.Max(Low, other.Low), Math.Min(High, other.High));
}
