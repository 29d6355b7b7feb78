namespace MeiroMmm.Infrastructure.Explainability;

/// <summary>
/// What to explain: the change from the comparison period to the current period (journey days, inclusive, UTC), by
/// channel or by campaign.
/// </summary>
public sealed record ExplainabilityRequest(string Scope, DateOnly From, DateOnly To, DateOnly CompareFrom, DateOnly CompareTo)
{
    public const string ChannelScope = "channel", CampaignScope = "campaign";
}
