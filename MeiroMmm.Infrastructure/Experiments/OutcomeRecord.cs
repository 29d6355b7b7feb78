namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>One conversion of a profile; deduplicated on <c>ConversionId</c>, else on profile, time and value.</summary>
public sealed record OutcomeRecord(string? ProfileId, DateTimeOffset? ConvertedAt, double? Value = null, string? ConversionId = null);
