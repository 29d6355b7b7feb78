using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Taxonomy;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// The reference for <see cref="TouchpointTagQuery"/>: the same per-tag counts made by reading every journey in
/// keyset-paged batches and unpacking its touchpoints in process, with the app's own JSON reader.
/// </summary>
internal static class InMemoryTouchpointTags
{
    public static async Task<List<TouchpointTagCount>> CountAsync(MeiroDbContext db, CancellationToken ct)
    {
        var counts = new Dictionary<(string, string, string), TouchpointTagCount>();
        long after = 0;
        while (true)
        {
            var batch = await db.ConversionPaths.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Take(1000)
                .Select(p => new { p.Id, p.PathJson }).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var path in batch)
                foreach (var t in ConversionPathMapper.ReadTouchpoints(path.PathJson))
                {
                    var key = (t.Source ?? "", t.Medium ?? "", t.Campaign ?? "");
                    if (!counts.TryGetValue(key, out var count))
                        counts[key] = count = new TouchpointTagCount { Source = key.Item1, Medium = key.Item2, Campaign = key.Item3, FirstPathId = path.Id };
                    count.Touchpoints++;
                }
            after = batch[^1].Id;
        }
        return [.. counts.Values];
    }
}
