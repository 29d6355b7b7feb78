using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Infrastructure.Channels;

/// <summary>A refit started from the board: the run it recalibrates, the new run, and the lift test it added.</summary>
public sealed record CalibrationStarted(Guid BaseRunId, Guid RefitRunId, LiftTest LiftTest, string Compare);

/// <summary>
/// One click on the channel board: a completed experiment becomes a lift test (<see cref="ExperimentLiftTestService"/>,
/// with the channel's spend over the experiment from the MMM dataset) and the board's MMM run is fitted again with it
/// added to its lift tests, through the same runner POST /api/models uses.
/// </summary>
public sealed class ChannelCalibrationService(ChannelBoardService board, ExperimentLiftTestService liftTests, ModelFitRunner runner,
    Microsoft.EntityFrameworkCore.IDbContextFactory<MeiroDbContext> dbFactory, ChannelSpendMappingStore mappings)
{
    public async Task<StoreOutcome<CalibrationStarted>> CalibrateAsync(int experimentId, CancellationToken ct)
    {
        if (await board.BoardRunAsync(ct) is not { } mmm)
            return StoreOutcome<CalibrationStarted>.Conflict("No completed MMM run is usable or directional to calibrate.");
        if (mmm.Run.Settings is not { } settings) return StoreOutcome<CalibrationStarted>.Conflict($"Model run {mmm.Run.Id} has no stored settings to refit with.");
        Experiment? experiment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            experiment = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.Experiments, e => e.Id == experimentId, ct);
        if (experiment is null) return StoreOutcome<CalibrationStarted>.NotFound($"Experiment {experimentId} does not exist.");
        var columnOf = await mappings.ResolveAsync(mmm.Dataset.Summary.Id, [experiment.Channel], settings.Channels, ct);
        if (columnOf[experiment.Channel] is not { } channel)
            return StoreOutcome<CalibrationStarted>.Invalid([new("experiment_id", $"Experiment channel '{experiment.Channel}' matches no channel of the MMM run ({string.Join(", ", settings.Channels)}); map it on the Attribution page's channel ↔ spend column mapping.")]);
        var (spend, _) = ChannelBoardService.ExperimentSpend(mmm.Dataset, channel,
            DateOnly.FromDateTime(experiment.StartAt.UtcDateTime), DateOnly.FromDateTime(experiment.EndAt.UtcDateTime));
        double periodDays = mmm.Dataset.Summary.Frequency == "daily" ? 1 : 7;
        var export = await liftTests.ExportAsync(experimentId, spend, periodDays, channel, ct);
        if (export.Status == ExperimentOperationStatus.Conflict) return StoreOutcome<CalibrationStarted>.Conflict(export.Reason ?? "The experiment cannot calibrate the MMM.");
        if (export.Value is not { } lift) return StoreOutcome<CalibrationStarted>.Invalid(export.Errors);
        var test = new LiftTest(lift.Channel, lift.X, lift.DeltaX, lift.DeltaY, lift.Sigma);
        var start = await runner.StartAsync(settings with { LiftTests = [.. settings.LiftTests ?? [], test] }, ct);
        if (start.RunId is not { } refit) return StoreOutcome<CalibrationStarted>.Invalid(start.Errors);
        return StoreOutcome<CalibrationStarted>.Done(new(mmm.Run.Id, refit, test, $"/api/models/compare?a={mmm.Run.Id}&b={refit}"));
    }
}
