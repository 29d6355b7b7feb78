using System.Net;
using System.Security.Cryptography;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.DataSources;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>What auto-assign found and assigned: candidates are the distinct profiles with a touchpoint in the channel during the period.</summary>
public sealed record AutoAssignSummary(string Channel, DateTimeOffset From, DateTimeOffset To, int PathsScanned, int Candidates, int NewlyAssigned, int Treatment, int Control);

/// <summary>
/// What auto-assign from a CDP segment did: pages and profile records read, records without a usable id (skipped),
/// distinct profiles (candidates), and the assignment counts as for journeys.
/// </summary>
public sealed record SegmentAssignSummary(int ConnectionId, string SegmentId, int Pages, int ProfilesRead, int Skipped, int Candidates, int NewlyAssigned, int Treatment, int Control);

/// <summary>
/// The CDP failed part-way through a segment: the profiles of the pages read before were assigned (assignment is
/// idempotent, so running it again finishes the job).
/// </summary>
public sealed class SegmentReadException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// <c>POST /api/experiments/{id}/auto-assign</c>: assigns every profile whose stored conversion paths have a touchpoint
/// in the channel (the experiment's own by default) between <c>from</c> and <c>to</c>, through the same deterministic,
/// store-once assignment as <c>/assign</c>, in batches. Paths are read in pages by their touch range, so the scan
/// never holds the whole table.
/// </summary>
public sealed class ExperimentAutoAssigner(IDbContextFactory<MeiroDbContext> dbFactory, ExperimentService experiments, CdpSegments segments)
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

    /// <summary>
    /// Assigns every profile of a CDP segment (docs/CDP.md, "Segments"), read page by page and assigned page by page
    /// through the same deterministic, store-once assignment as <c>/assign</c>. Throws <see cref="SegmentReadException"/>
    /// when the CDP fails after the retries, saying how far it got.
    /// </summary>
    public async Task<ExperimentOperation<SegmentAssignSummary>> AutoAssignFromSegmentAsync(int id, int? connectionId, string? segmentId, double? treatmentRate, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (connectionId is null) errors.Add(new("connection_id", "connection_id is required: the CDP connection whose segment is assigned."));
        if (string.IsNullOrWhiteSpace(segmentId) || segmentId.Trim().Length > 200) errors.Add(new("segment_id", "segment_id is required (at most 200 characters): the id from GET /api/connectors/meiro/{id}/segments."));
        if (errors.Count > 0) return ExperimentOperation<SegmentAssignSummary>.Invalid(errors);

        Experiment? experiment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (experiment is null) return ExperimentOperation<SegmentAssignSummary>.NotFound(id);
        if (experiment.Status is ExperimentStatus.Completed or ExperimentStatus.Archived)
            return ExperimentOperation<SegmentAssignSummary>.Conflict($"A {ExperimentTransitions.Name(experiment.Status)} experiment takes no new assignments.");
        var connection = await segments.ConnectionAsync(connectionId!.Value, ct);
        if (connection is null) return ExperimentOperation<SegmentAssignSummary>.Invalid([new("connection_id", $"CDP connection {connectionId} does not exist.")]);
        if (connection.SegmentsEndpoint is null)
            return ExperimentOperation<SegmentAssignSummary>.Invalid([new("connection_id", $"The connection '{connection.Name}' has no segments endpoint; set one on the Data sources page.")]);

        string segment = segmentId!.Trim();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int pages = 0, read = 0, skipped = 0, added = 0, treatment = 0, control = 0;
        try
        {
            await foreach (var page in segments.ProfilePagesAsync(connection, segment, ct))
            {
                pages++;
                read += page.ProfileIds.Count + page.Skipped;
                skipped += page.Skipped;
                // Only profiles not seen on an earlier page: a profile repeated across pages counts once in the split.
                var fresh = page.ProfileIds.Where(seen.Add).ToList();
                foreach (var batch in fresh.Chunk(ExperimentService.MaxBatch))
                {
                    var op = await experiments.AssignAsync(id, batch, treatmentRate, ct);
                    if (op.Status != ExperimentOperationStatus.Done) return new(op.Status, null, op.Errors, op.Reason);
                    added += op.Value!.NewlyAssigned; treatment += op.Value.Treatment; control += op.Value.Control;
                }
            }
        }
        catch (CdpRequestException e) when (e.Status == HttpStatusCode.NotFound && pages == 0)
        {
            return ExperimentOperation<SegmentAssignSummary>.Invalid([new("segment_id", $"The CDP has no segment '{segment}' ({e.Message})")]);
        }
        catch (Exception e) when (e is CdpRequestException or HttpRequestException or CryptographicException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new SegmentReadException($"Reading segment '{segment}' from '{connection.Name}' failed after {pages} page(s), " +
                $"{added:N0} profiles newly assigned so far (run it again to finish; assigned profiles keep their group): {CdpSegments.Problem(e)}", e);
        }
        return ExperimentOperation<SegmentAssignSummary>.Done(new(connection.Id, segment, pages, read, skipped, seen.Count, added, treatment, control));
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
