using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>What auto-assign found and assigned: candidates are the distinct profiles with a touchpoint in the channel during the period.</summary>
public sealed record AutoAssignSummary(string Channel, DateTimeOffset From, DateTimeOffset To, int PathsScanned, int Candidates, int NewlyAssigned, int Treatment, int Control);

/// <summary>
/// <c>POST /api/experiments/{id}/auto-assign</c>: assigns every profile whose stored conversion paths have a touchpoint
/// in the channel (the experiment's own by default) between <c>from</c> and <c>to</c>, through the same deterministic,
/// store-once assignment as <c>/assign</c>, in batches. Paths are read in pages by their touch range, so the scan
/// never holds the whole table.
/// </summary>
public sealed class ExperimentAutoAssigner(IDbContextFactory<MeiroDbContext> dbFactory, ExperimentService experiments)
{
    private const int PageSize = 5_000;

    public async Task<ExperimentOperation<AutoAssignSummary>> AutoAssignAsync(int id, DateTimeOffset? from, DateTimeOffset? to, string? channel, double? treatmentRate, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (from is null) errors.Add(new("from", "from is required: the start of the period whose touchpoints qualify."));
        if (to is null) errors.Add(new("to", "to is required: the end of the period whose touchpoints qualify."));
        if (from is { } f && to is { } t && t <= f) errors.Add(new("to", "to must be after from."));
        if (errors.Count > 0) return ExperimentOperation<AutoAssignSummary>.Invalid(errors);

        Experiment? experiment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (experiment is null) return ExperimentOperation<AutoAssignSummary>.NotFound(id);
        string wanted = ChannelKey(string.IsNullOrWhiteSpace(channel) ? experiment.Channel : channel);

        var (profiles, scanned) = await CandidatesAsync(wanted, from!.Value, to!.Value, ct);
        int added = 0, treatment = 0, control = 0;
        foreach (var batch in profiles.Order(StringComparer.Ordinal).Chunk(ExperimentService.MaxBatch))
        {
            var op = await experiments.AssignAsync(id, batch, treatmentRate, ct);
            if (op.Status != ExperimentOperationStatus.Done) return new(op.Status, null, op.Errors, op.Reason);
            added += op.Value!.NewlyAssigned; treatment += op.Value.Treatment; control += op.Value.Control;
        }
        return ExperimentOperation<AutoAssignSummary>.Done(new(wanted, from.Value, to.Value, scanned, profiles.Count, added, treatment, control));
    }

    private async Task<(HashSet<string> Profiles, int Scanned)> CandidatesAsync(string channel, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var profiles = new HashSet<string>(StringComparer.Ordinal);
        int scanned = 0;
        long after = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        while (true)
        {
            // Keyset paging on the id; the touch range narrows the scan to paths that overlap the period.
            var page = await db.ConversionPaths.AsNoTracking()
                .Where(p => p.Id > after && p.FirstTouchTs <= to && p.LastTouchTs >= from)
                .OrderBy(p => p.Id).Take(PageSize).Select(p => new { p.Id, p.ProfileId, p.PathJson }).ToListAsync(ct);
            if (page.Count == 0) break;
            after = page[^1].Id;
            scanned += page.Count;
            foreach (var path in page)
                if (ConversionPathMapper.ReadTouchpoints(path.PathJson).Any(t =>
                        t.Timestamp is { } ts && ts >= from && ts <= to && ChannelKey(t.Channel) == channel))
                    profiles.Add(path.ProfileId);
        }
        return (profiles, scanned);
    }

    /// <summary>"Email", " email" and "EMAIL" are one channel, as are "Paid Search" and "paid_search": lower case, runs of other characters as one underscore.</summary>
    internal static string ChannelKey(string channel)
    {
        var chars = channel.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        return string.Join('_', new string(chars).Split('_', StringSplitOptions.RemoveEmptyEntries));
    }
}
