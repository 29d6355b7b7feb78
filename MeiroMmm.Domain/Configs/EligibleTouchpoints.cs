namespace MeiroMmm.Domain.Configs;

/// <summary>
/// Which touchpoints count. An empty include list admits every value; an exclude list always wins over an include list.
/// Values compare case-insensitively (channels are snake_case keys, event types and campaigns are normalized UTM values).
/// </summary>
public sealed record EligibleTouchpoints(
    IReadOnlyList<string> IncludeChannels,
    IReadOnlyList<string> ExcludeChannels,
    IReadOnlyList<string> IncludeEventTypes,
    IReadOnlyList<string> ExcludeEventTypes,
    IReadOnlyList<string> IncludeCampaigns,
    IReadOnlyList<string> ExcludeCampaigns)
{
    public static EligibleTouchpoints All { get; } = new([], [], [], [], [], []);

    /// <summary>Whether a touchpoint with these values counts. A null value passes an include list only when that list is empty.</summary>
    public bool Admits(string? channel, string? eventType, string? campaign) =>
        Passes(channel, IncludeChannels, ExcludeChannels) && Passes(eventType, IncludeEventTypes, ExcludeEventTypes)
        && Passes(campaign, IncludeCampaigns, ExcludeCampaigns);

    private static bool Passes(string? value, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        if (value is not null && exclude.Contains(value, StringComparer.OrdinalIgnoreCase)) return false;
        return include.Count == 0 || (value is not null && include.Contains(value, StringComparer.OrdinalIgnoreCase));
    }
}
