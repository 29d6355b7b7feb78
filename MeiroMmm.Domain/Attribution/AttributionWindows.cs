namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// How far back a touch may lie before the conversion and still count, in days. A touch whose event type is an
/// impression (<c>impression</c> or <c>view</c>) gets <see cref="ImpressionLookbackDays"/>, any other touch (a click, a
/// visit, an opened message) <see cref="ClickLookbackDays"/>. <see cref="ConversionLatencyDays"/> is how long a
/// customer may still convert after the last touch: a non-converting journey whose last touch is younger than that at
/// the run's cut-off date is still open, so it is left out instead of counted as a path that did not convert.
/// </summary>
public sealed record AttributionWindows(double ClickLookbackDays = 30, double ImpressionLookbackDays = 7, double ConversionLatencyDays = 7)
{
    public static AttributionWindows Default { get; } = new();

    /// <summary>Every out-of-range setting as (field, message); empty when the windows are usable.</summary>
    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var errors = new List<(string, string)>();
        if (!(ClickLookbackDays > 0) || ClickLookbackDays > 3650) errors.Add(("click_lookback_days", "must be more than 0 and at most 3650 days."));
        if (!(ImpressionLookbackDays > 0) || ImpressionLookbackDays > 3650) errors.Add(("impression_lookback_days", "must be more than 0 and at most 3650 days."));
        if (!(ConversionLatencyDays >= 0) || ConversionLatencyDays > 365) errors.Add(("conversion_latency_days", "must be 0–365 days."));
        return errors;
    }

    /// <summary>The seed's impression event types; every other event type (or none) is a click-like touch.</summary>
    public static bool IsImpression(string? eventType) =>
        eventType is not null && (eventType.Equals("impression", StringComparison.OrdinalIgnoreCase) || eventType.Equals("view", StringComparison.OrdinalIgnoreCase));
}
