using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>Applies the provider's migrations (start-up and the `migrate` verb), turning connection failures into one clear line.</summary>
public sealed class DatabaseInitializer(MeiroDbContextFactory dbFactory)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        var settings = dbFactory.Settings;
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(settings.Target()));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        try
        {
            await using var db = dbFactory.CreateDbContext();
            if (settings.Provider == DatabaseProvider.Sqlite) await SetPageSizeOfNewFileAsync(db, ct);
            await db.Database.MigrateAsync(ct);
            // Write-ahead logging, stored in the file: API reads and page loads go on while an import or a fit's save writes.
            if (settings.Provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            throw new StartupConfigurationException(
                $"{DatabaseSettings.ConnectionStringKey}: cannot open the {settings.Provider} database at {settings.Target()}: {FirstLine(e)}", e);
        }
    }

    /// <summary>
    /// A new SQLite file gets 16 KB pages instead of 4 KB: journeys are rows of about 700 bytes, read in scans, and a
    /// million of them were stored about a fifth faster (docs/BENCHMARKS.md). The size is fixed once the file has its
    /// first table; an existing file keeps its own.
    /// </summary>
    private static async Task SetPageSizeOfNewFileAsync(MeiroDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);   // kept open for the migration: the page size holds on this connection only
        long tables = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master").SingleAsync(ct);
        if (tables == 0) await db.Database.ExecuteSqlRawAsync("PRAGMA page_size=16384;", ct);
    }

    private static string FirstLine(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null && innermost is not DbException) innermost = innermost.InnerException;
        return innermost.Message.Split('\n')[0].Trim();
    }
}
