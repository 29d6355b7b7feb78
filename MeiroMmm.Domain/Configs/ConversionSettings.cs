namespace MeiroMmm.Domain.Configs;

/// <summary>The conversions a config knows; <see cref="PrimaryConversionKey"/> names the one attribution credits.</summary>
public sealed record ConversionSettings(string PrimaryConversionKey, IReadOnlyList<ConversionDefinition> ConversionDefinitions);
