namespace MeiroMmm.Domain.Attribution;

/// <summary>What <see cref="JourneyWindowFilter"/> left out, so a result can say how much of the data it rests on.</summary>
public sealed record WindowFilterCounts(
    int JourneysIn, int JourneysUsed, int TouchesIn, int TouchesUsed, int OutsideLookback, int NotEligible,
    int ConversionsWithoutEligibleTouch, int OpenJourneys);

/// <summary>
/// Builds model input from stored journeys: keeps only eligible touches inside their lookback window before the
/// conversion, and drops non-converting journeys that may still convert (younger than the conversion latency at
/// <c>asOf</c>). The window is measured back from <see cref="Journey.ConversionTimestamp"/>, else (non-converting
/// journeys) from the journey's last touch; a touch after the conversion does not count. Touches without a timestamp
/// cannot be placed in a window and are kept. Not thread-safe (it counts); one per run.
/// </summary>
public sealed class JourneyWindowFilter(AttributionWindows windows, TouchpointEligibility eligibility, DateTimeOffset asOf)
{
    private int _journeysIn, _journeysUsed, _touchesIn, _touchesUsed, _outside, _notEligible, _emptyConversions, _open;

    public WindowFilterCounts Counts => new(_journeysIn, _journeysUsed, _touchesIn, _touchesUsed, _outside, _notEligible, _emptyConversions, _open);

    /// <summary>The journey with only the touches that count, or null when nothing of it enters the models.</summary>
    public Journey? Apply(Journey journey)
    {
        _journeysIn++;
        _touchesIn += journey.Touchpoints.Count;
        var lastTouch = LastTimestamp(journey.Touchpoints);
        if (!journey.Converted && lastTouch is { } last && (asOf - last).TotalDays < windows.ConversionLatencyDays)
        {
            _open++;   // it may still convert: counting it as a null now would understate the channels on it
            return null;
        }
        var end = journey.ConversionTimestamp ?? lastTouch;
        var kept = new List<Touchpoint>(journey.Touchpoints.Count);
        foreach (var touch in journey.Touchpoints)
        {
            if (!eligibility.Allows(touch)) { _notEligible++; continue; }
            if (end is { } e && touch.Timestamp is { } t && !InsideWindow(e - t, touch.EventType)) { _outside++; continue; }
            kept.Add(touch);
        }
        if (kept.Count == 0)
        {
            if (journey.Converted) _emptyConversions++;
            return null;
        }
        _journeysUsed++;
        _touchesUsed += kept.Count;
        return kept.Count == journey.Touchpoints.Count ? journey : journey with { Touchpoints = kept };
    }

    private bool InsideWindow(TimeSpan age, string? eventType)
    {
        double lookback = AttributionWindows.IsImpression(eventType) ? windows.ImpressionLookbackDays : windows.ClickLookbackDays;
        return age >= TimeSpan.Zero && age.TotalDays <= lookback;
    }

    private static DateTimeOffset? LastTimestamp(IReadOnlyList<Touchpoint> touches)
    {
        DateTimeOffset? last = null;
        foreach (var t in touches)
            if (t.Timestamp is { } ts && (last is null || ts > last)) last = ts;
        return last;
    }
}
