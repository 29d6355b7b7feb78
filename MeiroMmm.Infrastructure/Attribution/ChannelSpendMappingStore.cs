using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>A touchpoint channel and the spend column it is compared with (null: not compared), and whether a user saved it or the name match suggests it.</summary>
public sealed record ChannelSpendLink(string Channel, string? SpendColumn, bool Saved);

/// <summary>The mapping of one dataset: every channel on stored journeys, and the dataset's spend columns.</summary>
public sealed record ChannelSpendMappingView(Guid DatasetId, string DatasetName, IReadOnlyList<string> SpendColumns, IReadOnlyList<ChannelSpendLink> Links, bool Saved);

/// <summary>
/// Loads and saves the channel ↔ spend-column mapping per MMM dataset: the one source every comparison of channels with
/// spend columns reads (attribution vs MMM, the channel board, calibration, the experiments' send-to-run dialog,
/// explainability's spend). A channel the saved mapping lists keeps its saved column (or none); any other channel gets
/// <see cref="ChannelSpendMatcher.SuggestColumn"/>'s name match. A save replaces the dataset's whole mapping in one
/// transaction. One context per call: a singleton.
/// </summary>
public sealed class ChannelSpendMappingStore(IDbContextFactory<MeiroDbContext> dbFactory, DatasetStore datasets, JourneyStore journeys, TimeProvider clock)
{
    /// <summary>Null when the dataset does not exist.</summary>
    public async Task<ChannelSpendMappingView?> GetAsync(Guid datasetId, CancellationToken ct)
    {
        if (await datasets.GetAsync(datasetId, ct) is not { } dataset) return null;
        var columns = dataset.Summary.Channels;
        var stored = await StoredAsync(datasetId, ct);
        var channels = (await journeys.OverviewAsync(ct)).Channels.Select(c => c.Channel)
            .Concat(stored.Keys).Distinct(StringComparer.Ordinal).ToList();
        return new(datasetId, dataset.Summary.Name, columns,
            [.. ChannelSpendMatcher.Resolve(channels, columns, stored).Select(l => new ChannelSpendLink(l.Channel, l.SpendColumn, l.Saved))], stored.Count > 0);
    }

    /// <summary>The mapping of the journeys' channels (channel → column, only channels with one); null when the dataset does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> MappingAsync(Guid datasetId, CancellationToken ct) =>
        await GetAsync(datasetId, ct) is { } view
            ? view.Links.Where(l => l.SpendColumn is not null).ToDictionary(l => l.Channel, l => l.SpendColumn!, StringComparer.Ordinal)
            : null;

    /// <summary>
    /// The column of each of <paramref name="channels"/> among <paramref name="columns"/> (a dataset's or a fitted run's
    /// spend columns): the dataset's saved link, else the name suggestion; null = not compared.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> ResolveAsync(Guid datasetId, IEnumerable<string> channels, IReadOnlyList<string> columns, CancellationToken ct) =>
        ChannelSpendMatcher.Resolve(channels.Distinct(StringComparer.Ordinal), columns, await StoredAsync(datasetId, ct))
            .ToDictionary(l => l.Channel, l => l.SpendColumn, StringComparer.Ordinal);

    /// <summary>
    /// Replaces the dataset's mapping. Returns the problems as (field, message) and writes nothing when a column is not a
    /// spend column of the dataset or a channel is listed twice; null dataset → false.
    /// </summary>
    public async Task<(bool Found, IReadOnlyList<(string Field, string Message)> Errors)> SaveAsync(
        Guid datasetId, IReadOnlyList<(string Channel, string? SpendColumn)> links, CancellationToken ct)
    {
        if (await datasets.GetAsync(datasetId, ct) is not { } dataset) return (false, []);
        var errors = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < links.Count; i++)
        {
            var (channel, column) = links[i];
            if (string.IsNullOrWhiteSpace(channel) || channel.Length > 200) errors.Add(($"links[{i}].channel", "must be a channel name of 1–200 characters."));
            else if (!seen.Add(channel.Trim())) errors.Add(($"links[{i}].channel", $"'{channel}' is listed twice."));
            if (column is not null && !dataset.Summary.Channels.Contains(column))
                errors.Add(($"links[{i}].spend_column", $"'{column}' is not a spend column of dataset '{dataset.Summary.Name}' ({string.Join(", ", dataset.Summary.Channels)})."));
        }
        if (errors.Count > 0) return (true, errors);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.ChannelSpendMappings.Where(m => m.DatasetId == datasetId).ExecuteDeleteAsync(ct);
            // A channel saved without a column is stored as not compared, so the suggestion does not come back for it.
            db.ChannelSpendMappings.AddRange(links.Select(l => new ChannelSpendMapping
                { DatasetId = datasetId, Channel = l.Channel.Trim(), SpendColumn = l.SpendColumn ?? "", UpdatedAt = now }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return (true, []);
    }

    /// <summary>The saved links of a dataset; a channel saved without a column (stored as "") maps to null.</summary>
    private async Task<Dictionary<string, string?>> StoredAsync(Guid datasetId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ChannelSpendMappings.AsNoTracking().Where(m => m.DatasetId == datasetId)
            .ToDictionaryAsync(m => m.Channel, m => m.SpendColumn.Length == 0 ? null : m.SpendColumn, StringComparer.Ordinal, ct);
    }
}
