using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// Runs an <c>IN (…)</c> query over a batch of up to 10,000 keys in chunks: EF Core 10 sends a parameterized
/// collection as one parameter per value by default, and SQL Server refuses more than 2,100 parameters per command.
/// </summary>
internal static class ChunkedLookup
{
    public const int ChunkSize = 1000;

    public static async Task<List<T>> ToListAsync<T>(IReadOnlyCollection<string> keys, Func<string[], IQueryable<T>> query, CancellationToken ct)
    {
        var found = new List<T>();
        foreach (string[] chunk in keys.Chunk(ChunkSize)) found.AddRange(await query(chunk).ToListAsync(ct));
        return found;
    }
}
