namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// How many stored touchpoints carry one raw (source, medium, campaign) tag, as stored (an absent value is ""), and the
/// first journey row that carries it (its id, for a sample). The taxonomy reports are built from these counts only.
/// </summary>
public sealed class TouchpointTagCount
{
    public string Source { get; set; } = "";
    public string Medium { get; set; } = "";
    public string Campaign { get; set; } = "";
    public long Touchpoints { get; set; }
    public long FirstPathId { get; set; }

    public (string Source, string Medium, string Campaign) Tag => (Source, Medium, Campaign);
}
