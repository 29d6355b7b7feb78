namespace MeiroMmm.Web.DataQuality;

/// <summary>
/// Body of acknowledge, resolve, snooze and note. Snooze takes <see cref="Until"/> (UTC) or <see cref="Hours"/> from now.
/// </summary>
public sealed record AlertActionRequest(string? Note, DateTimeOffset? Until, double? Hours);
