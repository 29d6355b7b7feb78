namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Which touchpoints may take credit. An empty include list allows everything; exclude wins over include. Channels and
/// event types compare case-insensitively; a touch without an event type passes an event-type include list only when
/// that list is empty.
/// </summary>
public sealed record TouchpointEligibility(
    IReadOnlyList<string>? IncludeChannels = null,
    IReadOnlyList<string>? ExcludeChannels = null,
    IReadOnlyList<string>? IncludeEventTypes = null,
    IReadOnlyList<string>? ExcludeEventTypes = null)
{
    public static TouchpointEligibility All { get; } = new();

    public bool Allows(Touchpoint touch) =>
        Passes(touch.Channel, IncludeChannels, ExcludeChannels) && Passes(touch.EventType, IncludeEventTypes, ExcludeEventTypes);

    private static bool Passes(string? value, IReadOnlyList<string>? include, IReadOnlyList<string>? exclude)
    {
        if (exclude is { Count: > 0 } && value is not null && exclude.Contains(value, StringComparer.OrdinalIgnoreCase)) return false;
        return include is not { Count: > 0 } || (value is not null && include.Contains(value, StringComparer.OrdinalIgnoreCase));
    }
}
