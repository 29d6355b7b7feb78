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

    private static string FirstLine(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null && innermost is not DbException) innermost = innermost.InnerException;
        return innermost.Message.Split('\n')[0].Trim();
    }
}
