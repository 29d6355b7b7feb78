namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Time windows of attribution, one type for the model config and for runs. How far back a touch may lie before the
/// conversion and still count, in days: a touch whose event type is an impression (<c>impression</c> or <c>view</c>)
/// gets <see cref="ImpressionLookbackDays"/>, any other touch (a click, a visit, an opened message)
/// <see cref="ClickLookbackDays"/>. <see cref="ConversionLatencyDays"/> is how long a customer may still convert after
/// the last touch: a non-converting journey whose last touch is younger than that at the run's cut-off date is still
/// open, so it is left out instead of counted as a path that did not convert. Events closer than
/// <see cref="SessionTimeoutMinutes"/> belong to one session (kept from the seed's config; the models do not use it).
/// Defaults as the seed's. Stored run settings written before the session timeout existed read it as the default.
/// </summary>
public sealed record AttributionWindows(
    double ClickLookbackDays = 30, double ImpressionLookbackDays = 7, double ConversionLatencyDays = 7, int SessionTimeoutMinutes = 30)
{
    public static AttributionWindows Default { get; } = new();

    /// <summary>Every out-of-range setting as (field, message); empty when the windows are usable.</summary>
    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var errors = new List<(string, string)>();
        if (!(ClickLookbackDays > 0) || ClickLookbackDays > 3650) errors.Add(("click_lookback_days", "must be more than 0 and at most 3650 days."));
        if (!(ImpressionLookbackDays > 0) || ImpressionLookbackDays > 3650) errors.Add(("impression_lookback_days", "must be more than 0 and at most 3650 days."));
        if (!(ConversionLatencyDays >= 0) || ConversionLatencyDays > 365) errors.Add(("conversion_latency_days", "must be 0–365 days."));
        if (SessionTimeoutMinutes is < 1 or > 1440) errors.Add(("session_timeout_minutes", "must be 1–1440 minutes."));
        return errors;
    }

    /// <summary>The look-back for a touchpoint's event type: impressions (and views) get the impression window, everything else the click window.</summary>
    public TimeSpan LookbackFor(string? eventType) => TimeSpan.FromDays(IsImpression(eventType) ? ImpressionLookbackDays : ClickLookbackDays);

    /// <summary>The seed's impression event types; every other event type (or none) is a click-like touch.</summary>
    public static bool IsImpression(string? eventType) =>
        eventType is not null && (eventType.Equals("impression", StringComparison.OrdinalIgnoreCase) || eventType.Equals("view", StringComparison.OrdinalIgnoreCase));
}
