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
/// The tests compare it with the same count made by reading every journey in process (InMemoryTouchpointTags).
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

    /// <summary>The provider's query; its columns are <see cref="TouchpointTagCount"/>'s properties.</summary>
    internal static string SqlFor(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite,
        DatabaseProvider.Postgres => Postgres,
        DatabaseProvider.SqlServer => SqlServer,
        _ => throw new NotSupportedException($"No touchpoint tag query for {provider}."),
    };

    public static async Task<List<TouchpointTagCount>> CountAsync(MeiroDbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<TouchpointTagCount>(SqlFor(db.Provider)).AsNoTracking().ToListAsync(ct);
}
