namespace MeiroMmm.Domain.Explainability;

/// <summary>How far the two periods can be compared: high, medium or low, the worst of its reasons.</summary>
public sealed record Comparability(string Level, IReadOnlyList<ComparabilityReason> Reasons)
{
    public const string High = "high", Medium = "medium", Low = "low", Info = "info";
}
