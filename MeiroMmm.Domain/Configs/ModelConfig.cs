using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Domain.Configs;

/// <summary>
/// What an attribution run counts, as the seed's data contracts defined it: which touchpoints are eligible, how far back
/// they may lie before a conversion, and which events are conversions. Stored as JSON (snake_case) and validated with
/// the model-config JSON schema before it becomes this record. A config that is active is never edited again, so a
/// result that records the config id it used can always be reproduced.
/// </summary>
public sealed record ModelConfig(EligibleTouchpoints EligibleTouchpoints, AttributionWindows Windows, ConversionSettings Conversions)
{
    /// <summary>The conversion key the config is for; exactly one config per key is active at a time.</summary>
    public string ConversionKey => Conversions.PrimaryConversionKey;

    /// <summary>The primary conversion's definition (the schema check guarantees there is one).</summary>
    public ConversionDefinition? PrimaryConversion =>
        Conversions.ConversionDefinitions.FirstOrDefault(d => d.Key == Conversions.PrimaryConversionKey);
}
