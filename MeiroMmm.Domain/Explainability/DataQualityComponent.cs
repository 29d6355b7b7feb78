namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// One input of the confidence score: its measured value (null when not measured), its score in [0, 1], its nominal
/// weight and the weight it got (weights of unmeasured inputs are shared out over the measured ones).
/// </summary>
public sealed record DataQualityComponent(string Key, string Label, double? Measured, double? Score, double Weight, double AppliedWeight);
