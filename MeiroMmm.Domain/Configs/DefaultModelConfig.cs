using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Domain.Configs;

/// <summary>The config a new workspace starts with: every touchpoint eligible, the seed's windows, purchases as conversions.</summary>
public static class DefaultModelConfig
{
    public const string ConversionKey = "purchase";

    public static ModelConfig Config { get; } = new(
        EligibleTouchpoints.All,
        AttributionWindows.Default,
        new ConversionSettings(ConversionKey,
            [new ConversionDefinition(ConversionKey, "purchase", [], "revenue", ConversionDefinition.DedupConversionId)]));
}
