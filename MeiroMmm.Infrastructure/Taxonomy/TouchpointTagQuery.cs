using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>
/// Counts the stored touchpoints per raw (source, medium, campaign) tag <b>in the database</b>: the touchpoints live as
/// a JSON array in conversion_paths.PathJson, which each provider unpacks in SQL (json_each on SQLite,
/// jsonb_array_elements on PostgreSQL, OPENJSON on SQL Server) and groups. Only the distinct tags come back, so the
/// reports cost the same memory for a thousand journeys as for ten million; the regex mapping of each distinct tag
/// stays in process (regexes cannot move into SQL portably).
/// <para>
/// <see cref="CountInMemoryAsync"/> is the same count done by reading every journey in process, the reference the SQL
/// is tested against.
/// </para>
/// </summary>
public static class TouchpointTagQuery
{
    // Keys are written snake_case by StoredJson (source, medium, campaign) and left out when null.
    private const string Sqlite = """
        SELECT COALESCE(json_extract(t.value, '$.source'), '') AS "Source",
               COALESCE(json_extract(t.value, '$.medium'), '') AS "Medium",
               COALESCE(json_extract(t.value, '$.campaign'), '') AS "Campaign",
               COUNT(*) AS "Touchpoints", MIN(p."Id") AS "FirstPathId"
        FROM conversion_paths AS p, json_each(p."PathJson") AS t
        GROUP BY 1, 2, 3
        """;

    private const string Postgres = """
        SELECT COALESCE(t.value ->> 'source', '') AS "Source",
               COALESCE(t.value ->> 'medium', '') AS "Medium",
               COALESCE(t.value ->> 'campaign', '') AS "Campaign",
               COUNT(*) AS "Touchpoints", MIN(p."Id") AS "FirstPathId"
        FROM conversion_paths AS p CROSS JOIN LATERAL jsonb_array_elements(p."PathJson"::jsonb) AS t
        GROUP BY 1, 2, 3
        """;

    // A binary collation: the default one is case-insensitive and would merge tags that differ only in case (they map
    // the same after normalization, but the counts per raw tag should agree with the other providers).
    private const string SqlServer = """
        SELECT t.[Source], t.[Medium], t.[Campaign], COUNT_BIG(*) AS [Touchpoints], MIN(t.[Id]) AS [FirstPathId]
        FROM (
            SELECT p.[Id],
                   COALESCE(j.[source], N'') COLLATE Latin1_General_100_BIN2 AS [Source],
                   COALESCE(j.[medium], N'') COLLATE Latin1_General_100_BIN2 AS [Medium],
                   COALESCE(j.[campaign], N'') COLLATE Latin1_General_100_BIN2 AS [Campaign]
            FROM conversion_paths AS p
            CROSS APPLY OPENJSON(p.[PathJson]) WITH ([source] nvarchar(2000) '$.source', [medium] nvarchar(2000) '$.medium', [campaign] nvarchar(2000) '$.campaign') AS j
        ) AS t
        GROUP BY t.[Source], t.[Medium], t.[Campaign]
        """;

    public static async Task<List<TouchpointTagCount>> CountAsync(MeiroDbContext db, CancellationToken ct)
    {
        string sql = db.Provider switch
        {
            DatabaseProvider.Sqlite => Sqlite,
            DatabaseProvider.Postgres => Postgres,
            DatabaseProvider.SqlServer => SqlServer,
            _ => throw new NotSupportedException($"No touchpoint tag query for {db.Provider}."),
        };
        return await db.Database.SqlQueryRaw<TouchpointTagCount>(sql).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>The same counts by reading every journey in keyset-paged batches: the reference for the SQL.</summary>
    public static async Task<List<TouchpointTagCount>> CountInMemoryAsync(MeiroDbContext db, CancellationToken ct)
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
