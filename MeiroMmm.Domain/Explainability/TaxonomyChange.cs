namespace MeiroMmm.Domain.Explainability;

/// <summary>
/// The taxonomy version in force at the end of each period and, when they differ, how many of the two periods'
/// touchpoints the newer version maps to a different channel than the older one (the taxonomy impact preview's count).
/// </summary>
public sealed record TaxonomyChange(int? CompareVersion, int? CurrentVersion, int Touchpoints, int MovedTouchpoints)
{
    public bool Changed => CompareVersion != CurrentVersion;

    /// <summary>Share of the touchpoints that moved channel (0 without touchpoints).</summary>
    public double MovedShare => Touchpoints == 0 ? 0 : (double)MovedTouchpoints / Touchpoints;
}
