using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// Creates experiments, moves them through their life cycle and assigns profiles. Stateless (one context per call), so
/// a singleton; every write is one transaction inside the execution strategy.
/// </summary>
public sealed partial class ExperimentService(IDbContextFactory<MeiroDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Largest batch of profile ids, exposures or outcomes one request may carry.</summary>
    public const int MaxBatch = 10_000;
    public const int MaxIdLength = 200;

    /// <summary>A draft's fields checked, named as the API names them; the cleaned values when there is no error.</summary>
    private static (List<FieldError> Errors, string Name, string Channel, double Rate) Check(ExperimentDraft draft)
    {
        var errors = new List<FieldError>();
        string name = draft.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200) errors.Add(new("name", "name is required and has at most 200 characters."));
        string channel = draft.Channel?.Trim().ToLowerInvariant() ?? "";
        if (!ChannelPattern().IsMatch(channel)) errors.Add(new("channel", "channel is required: lowercase letters, digits, '_' or '-', at most 100 characters (e.g. email, push, sms, whatsapp)."));
        double rate = draft.TreatmentRate ?? 0.5;
        if (!(rate > 0 && rate < 1)) errors.Add(new("treatment_rate", Invariant($"treatment_rate must lie strictly between 0 and 1, not {rate}.")));
        if (draft.StartAt is null) errors.Add(new("start_at", "start_at is required."));
        if (draft.EndAt is null) errors.Add(new("end_at", "end_at is required."));
        else if (draft.StartAt is { } start && draft.EndAt <= start) errors.Add(new("end_at", "end_at must be after start_at."));
        return (errors, name, channel, rate);
    }

    public async Task<ExperimentOperation<ExperimentDetails>> CreateAsync(ExperimentDraft draft, CancellationToken ct)
    {
        var (errors, name, channel, rate) = Check(draft);
        string key = draft.Key?.Trim() ?? $"exp-{Guid.NewGuid():N}"[..16];
        if (!KeyPattern().IsMatch(key)) errors.Add(new("key", "key has 1 to 100 lowercase letters, digits, '_' or '-'."));
        if (errors.Count > 0) return ExperimentOperation<ExperimentDetails>.Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Experiments.AnyAsync(e => e.Key == key, ct))
            return ExperimentOperation<ExperimentDetails>.Invalid([new("key", $"An experiment with key '{key}' already exists.")]);
        var row = new Experiment
        {
            Key = key, Name = name, Channel = channel, TreatmentRate = rate,
            // The salt makes groups unpredictable to anyone who knows the profile ids and the key.
            Salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Status = ExperimentStatus.Draft,
            StartAt = draft.StartAt!.Value.ToUniversalTime(), EndAt = draft.EndAt!.Value.ToUniversalTime(), CreatedAt = clock.GetUtcNow(),
        };
        db.Experiments.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await KeyTakenAsync(key, ct)) throw;   // a concurrent create took the key after the check above, or something else broke
            return ExperimentOperation<ExperimentDetails>.Invalid([new("key", $"An experiment with key '{key}' already exists.")]);
        }
        return ExperimentOperation<ExperimentDetails>.Done(await DetailsAsync(db, row, ct));
    }

    /// <summary>
    /// Replaces a draft's name, channel, dates and treatment rate (PUT /api/experiments/{id}); the key and salt stay, since
    /// they fix the assignment. Only a draft can change (409 otherwise), and its treatment rate only while no profile is
    /// assigned, since assigned profiles would change group.
    /// </summary>
    public async Task<ExperimentOperation<ExperimentDetails>> UpdateAsync(int id, ExperimentDraft draft, CancellationToken ct)
    {
        var (errors, name, channel, rate) = Check(draft);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (row is null) return ExperimentOperation<ExperimentDetails>.NotFound(id);
        if (draft.Key is { } key && key.Trim() != row.Key) errors.Add(new("key", $"key is '{row.Key}' and cannot change: it fixes every profile's group."));
        if (errors.Count > 0) return ExperimentOperation<ExperimentDetails>.Invalid(errors);
        if (row.Status != ExperimentStatus.Draft)
            return ExperimentOperation<ExperimentDetails>.Conflict($"The experiment is {ExperimentTransitions.Name(row.Status)}: only a draft can be edited, since a started test's groups and window are fixed.");
        if (rate != row.TreatmentRate && await db.ExperimentAssignments.AnyAsync(a => a.ExperimentId == id, ct))
            return ExperimentOperation<ExperimentDetails>.Conflict(Invariant(
                $"treatment_rate is {row.TreatmentRate} and cannot change: the draft already has assigned profiles, which would change group."));
        var startAt = draft.StartAt!.Value.ToUniversalTime();
        var endAt = draft.EndAt!.Value.ToUniversalTime();
        // The status is the concurrency check, as in ChangeStatusAsync: an experiment started meanwhile is not edited.
        int changed = await db.Experiments.Where(e => e.Id == id && e.Status == ExperimentStatus.Draft && e.TreatmentRate == row.TreatmentRate)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, name).SetProperty(e => e.Channel, channel).SetProperty(e => e.TreatmentRate, rate)
                .SetProperty(e => e.StartAt, startAt).SetProperty(e => e.EndAt, endAt), ct);
        if (changed == 0) return ExperimentOperation<ExperimentDetails>.Conflict("The experiment changed meanwhile; read it again.");
        row.Name = name; row.Channel = channel; row.TreatmentRate = rate; row.StartAt = startAt; row.EndAt = endAt;
        return ExperimentOperation<ExperimentDetails>.Done(await DetailsAsync(db, row, ct));
    }

    private async Task<bool> KeyTakenAsync(string key, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Experiments.AnyAsync(e => e.Key == key, ct);
    }

    public async Task<ExperimentDetails?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return row is null ? null : await DetailsAsync(db, row, ct);
    }

    public async Task<ExperimentOperation<ExperimentDetails>> ChangeStatusAsync(int id, string? status, CancellationToken ct)
    {
        if (!Enum.TryParse<ExperimentStatus>(status?.Trim(), ignoreCase: true, out var target) || int.TryParse(status, out _))
            return ExperimentOperation<ExperimentDetails>.Invalid([new("status", "status is one of draft, running, completed, archived.")]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (row is null) return ExperimentOperation<ExperimentDetails>.NotFound(id);
        if (ExperimentTransitions.WhyNot(row.Status, target) is { } reason) return ExperimentOperation<ExperimentDetails>.Conflict(reason);
        // The status is the concurrency check: two racing requests cannot both move it from the same state.
        int changed = await db.Experiments.Where(e => e.Id == id && e.Status == row.Status)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, target), ct);
        if (changed == 0) return ExperimentOperation<ExperimentDetails>.Conflict("The experiment's status changed meanwhile; read it again.");
        row.Status = target;
        return ExperimentOperation<ExperimentDetails>.Done(await DetailsAsync(db, row, ct));
    }

    /// <summary>
    /// Assigns each new profile with <see cref="DeterministicAssigner"/> and stores it once; profiles assigned before
    /// keep their stored group. A treatment_rate different from the stored one is accepted only while the experiment
    /// is a draft with no assignments, since changing it later would re-randomize profiles.
    /// </summary>
    public async Task<ExperimentOperation<AssignmentSummary>> AssignAsync(int id, IReadOnlyList<string?>? profileIds, double? treatmentRate, CancellationToken ct)
    {
        var errors = CheckIds("profile_ids", profileIds);
        if (treatmentRate is { } r && !(r > 0 && r < 1)) errors.Add(new("treatment_rate", Invariant($"treatment_rate must lie strictly between 0 and 1, not {r}.")));
        if (errors.Count > 0) return ExperimentOperation<AssignmentSummary>.Invalid(errors);
        string[] ids = [.. profileIds!.Select(p => p!.Trim()).Distinct(StringComparer.Ordinal)];

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (experiment is null) return ExperimentOperation<AssignmentSummary>.NotFound(id);
        if (experiment.Status is ExperimentStatus.Completed or ExperimentStatus.Archived)
            return ExperimentOperation<AssignmentSummary>.Conflict($"A {ExperimentTransitions.Name(experiment.Status)} experiment takes no new assignments.");
        bool rateChanges = treatmentRate is { } rate && rate != experiment.TreatmentRate;
        if (rateChanges)
        {
            if (experiment.Status != ExperimentStatus.Draft || await db.ExperimentAssignments.AnyAsync(a => a.ExperimentId == id, ct))
                return ExperimentOperation<AssignmentSummary>.Conflict(Invariant(
                    $"treatment_rate is {experiment.TreatmentRate} and cannot change once the experiment has started or has assignments: profiles would change group."));
            experiment.TreatmentRate = treatmentRate!.Value;
        }
        double assignRate = experiment.TreatmentRate;

        AssignmentSummary? summary = null;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (rateChanges)
                    await db.Experiments.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.TreatmentRate, assignRate), ct);
                var stored = (await ChunkedLookup.ToListAsync(ids, chunk => db.ExperimentAssignments
                        .Where(a => a.ExperimentId == id && chunk.Contains(a.ProfileId)).Select(a => new { a.ProfileId, a.Group }), ct))
                    .ToDictionary(a => a.ProfileId, a => a.Group, StringComparer.Ordinal);
                var now = clock.GetUtcNow();
                int treatment = 0, added = 0;
                foreach (string profile in ids)
                {
                    if (!stored.TryGetValue(profile, out var group))
                    {
                        group = DeterministicAssigner.Assign(profile, experiment.Key, experiment.Salt, assignRate);
                        db.ExperimentAssignments.Add(new ExperimentAssignment { ExperimentId = id, ProfileId = profile, Group = group, AssignedAt = now });
                        added++;
                    }
                    if (group == ExperimentGroup.Treatment) treatment++;
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                summary = new AssignmentSummary(ids.Length, added, treatment, ids.Length - treatment);
            });
        }
        catch (DbUpdateException)
        {
            // A concurrent request assigned some of these profiles first (unique experiment + profile); their groups are
            // the same by construction, so posting again returns the full summary.
            return ExperimentOperation<AssignmentSummary>.Conflict("A concurrent request assigned some of these profiles first; nothing was stored, post the request again.");
        }
        return ExperimentOperation<AssignmentSummary>.Done(summary!);
    }

    /// <summary>A batch of ids: present, at most <see cref="MaxBatch"/>, each non-blank and at most <see cref="MaxIdLength"/> characters.</summary>
    internal static List<FieldError> CheckIds(string field, IReadOnlyList<string?>? ids)
    {
        if (ids is null || ids.Count == 0) return [new(field, $"{field} needs at least one id.")];
        if (ids.Count > MaxBatch) return [new(field, $"{field} has {ids.Count} ids; send at most {MaxBatch} per request.")];
        return [.. ids.Select((p, i) => (p, i)).Where(x => string.IsNullOrWhiteSpace(x.p) || x.p.Trim().Length > MaxIdLength).Take(20)
            .Select(x => new FieldError($"{field}[{x.i}]", $"A profile id is non-blank with at most {MaxIdLength} characters."))];
    }

    internal static async Task<ExperimentDetails> DetailsAsync(MeiroDbContext db, Experiment e, CancellationToken ct)
    {
        var groups = await db.ExperimentAssignments.Where(a => a.ExperimentId == e.Id).GroupBy(a => a.Group)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        long exposures = await db.ExperimentExposures.LongCountAsync(x => x.ExperimentId == e.Id, ct);
        long outcomes = await db.ExperimentOutcomes.LongCountAsync(x => x.ExperimentId == e.Id, ct);
        long CountOf(ExperimentGroup g) => groups.Where(x => x.Key == g).Sum(x => x.Count);
        return new ExperimentDetails(e.Id, e.Key, e.Name, e.Channel, e.Status, e.TreatmentRate, e.StartAt, e.EndAt, e.CreatedAt,
            CountOf(ExperimentGroup.Treatment), CountOf(ExperimentGroup.Control), exposures, outcomes);
    }

    [GeneratedRegex("^[a-z0-9_-]{1,100}$")]
    private static partial Regex ChannelPattern();

    [GeneratedRegex("^[a-z0-9_-]{1,100}$")]
    private static partial Regex KeyPattern();
}
