namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// One effect of a decomposition: <see cref="Key"/> names the factor (volume, mix, conversion_rate, value_per_conversion,
/// spend_mix, channel_roas), <see cref="Value"/> is in the metric's own unit and the terms of a decomposition sum to its change.
/// </summary>
public sealed record DecompositionTerm(string Key, string Label, double Value);
