using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>
/// A whole taxonomy as PUT /api/taxonomy and preview-impact take it: rules (in priority order), source and medium
/// aliases, a note for the version list, and <see cref="BasedOnVersion"/> (the version the editor started from; a newer
/// saved version then makes the save a 409 instead of overwriting someone's change).
/// </summary>
public sealed record TaxonomyInput(
    IReadOnlyList<ChannelRuleInput?>? Rules,
    Dictionary<string, string>? SourceAliases,
    Dictionary<string, string>? MediumAliases,
    string? Note,
    int? BasedOnVersion)
{
    public (ChannelTaxonomy? Taxonomy, IReadOnlyList<FieldError> Errors) ToTaxonomy()
    {
        if (Rules is null) return (null, [new FieldError("rules", "rules is required: the ordered list of channel rules.")]);
        var missing = Rules.Select((r, i) => (r, i)).Where(x => x.r is null).Select(x => new FieldError($"rules[{x.i}]", "A rule cannot be null.")).ToList();
        if (missing.Count > 0) return (null, missing);
        return (new ChannelTaxonomy([.. Rules.Select((r, i) => r!.ToRule(i))],
            SourceAliases ?? new Dictionary<string, string>(), MediumAliases ?? new Dictionary<string, string>()), []);
    }
}
