namespace MeiroMmm.Domain.Configs;

/// <summary>
/// Time windows of attribution. A click counts when it lies at most <see cref="ClickLookbackDays"/> before the
/// conversion, an impression (a view without a click) at most <see cref="ImpressionLookbackDays"/>; events closer than
/// <see cref="SessionTimeoutMinutes"/> belong to one session; a conversion may arrive up to
/// <see cref="ConversionLatencyDays"/> after the data is read, so the newest days are incomplete. Defaults as the seed's.
/// </summary>
public sealed record AttributionWindows(int ClickLookbackDays = 30, int ImpressionLookbackDays = 7, int SessionTimeoutMinutes = 30, int ConversionLatencyDays = 7)
{
    public static AttributionWindows Default { get; } = new();

    /// <summary>The look-back for a touchpoint's event type: impressions (and views) get the impression window, everything else the click window.</summary>
    public TimeSpan LookbackFor(string? eventType) =>
        TimeSpan.FromDays(eventType is not null && (eventType.Equals("impression", StringComparison.OrdinalIgnoreCase) || eventType.Equals("view", StringComparison.OrdinalIgnoreCase))
            ? ImpressionLookbackDays : ClickLookbackDays);
}
