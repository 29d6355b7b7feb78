namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>One message delivered to a profile; <c>MessageId</c> makes re-posting harmless.</summary>
public sealed record ExposureRecord(string? ProfileId, string? MessageId, DateTimeOffset? ExposedAt);
