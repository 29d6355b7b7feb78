namespace MeiroMmm.Web.Taxonomy;

/// <summary>One editable alias: a spelling seen in tags and the value the rules know (fb → facebook).</summary>
public sealed class AliasRow
{
    public string Alias { get; set; } = "";
    public string Value { get; set; } = "";
}
