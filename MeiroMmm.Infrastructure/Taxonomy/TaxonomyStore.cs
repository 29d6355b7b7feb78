using MeiroMmm.Domain.Taxonomy;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>Loads the workspace's channel rules. One context per call: a singleton.</summary>
public sealed class TaxonomyStore(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ChannelRule>> LoadRulesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChannelRules.AsNoTracking().OrderBy(r => r.Priority).ToListAsync(ct);
    }

    /// <summary>
    /// The stored rules with the default aliases. Aliases are not stored yet (they arrive with the taxonomy editor and
    /// its versioning), so every workspace shares <see cref="DefaultTaxonomy.SourceAliases"/> and its medium twin.
    /// </summary>
    public async Task<ChannelTaxonomy> LoadTaxonomyAsync(CancellationToken ct) =>
        new(await LoadRulesAsync(ct), DefaultTaxonomy.SourceAliases, DefaultTaxonomy.MediumAliases);
}
