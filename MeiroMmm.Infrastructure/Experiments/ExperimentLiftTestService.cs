using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>The lift test in the columns of the MMM's lift-test CSV (<c>channel,x,delta_x,delta_y,sigma</c>), with where it came from.</summary>
public sealed record LiftTestExport(int ExperimentId, string Key, string Channel, double X, double DeltaX, double DeltaY, double Sigma,
    double Periods, double PeriodDays, double Spend, double ValueUplift, double ValueUpliftStandardError, long NTreatment)
{
    public string ToCsv() => LiftTestCsv.Of(Channel, X, DeltaX, DeltaY, Sigma);
}

/// <summary>The MMM's lift-test file (<c>channel,x,delta_x,delta_y,sigma</c>, read by LiftTestCsvReader) with one row.</summary>
public static class LiftTestCsv
{
    public static string Of(string channel, double x, double deltaX, double deltaY, double sigma) =>
        FormattableString.Invariant($"channel,x,delta_x,delta_y,sigma\n{channel},{x:R},{deltaX:R},{deltaY:R},{sigma:R}\n");
}

/// <summary>
/// <c>GET /api/experiments/{id}/lift-test</c>: a completed experiment's value uplift as an MMM calibration point
/// (<see cref="ExperimentLiftTest"/>), for the MMM's <c>lift_tests</c> or <c>mmm fit --lift-tests</c>.
/// </summary>
public sealed class ExperimentLiftTestService(IDbContextFactory<MeiroDbContext> dbFactory, ExperimentResultsService results)
{
    public async Task<ExperimentOperation<LiftTestExport>> ExportAsync(int id, double? spend, double? periodDays, string? channel, CancellationToken ct)
    {
        Experiment? e;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return ExperimentOperation<LiftTestExport>.NotFound(id);
        if (e.Status is not (ExperimentStatus.Completed or ExperimentStatus.Archived))
            return ExperimentOperation<LiftTestExport>.Conflict($"The experiment is {ExperimentTransitions.Name(e.Status)}: only a completed experiment calibrates the MMM, since its lift is final.");
        if (spend is null) return ExperimentOperation<LiftTestExport>.Invalid([new("spend", "spend is required: what the channel cost for the treatment group over the experiment.")]);
        var r = await results.ResultsAsync(id, ct);
        double period = periodDays ?? 7;
        double days = (e.EndAt - e.StartAt).TotalDays;
        long nt = r?.IntentionToTreat?.NTreatment ?? 0;
        var problems = ExperimentLiftTest.Problems(spend.Value, days, period, r?.ValuePerProfile?.MeanDifference, r?.ValuePerProfile?.StandardError, nt);
        if (problems.Count > 0) return ExperimentOperation<LiftTestExport>.Invalid([.. problems.Select(p => new FieldError(p.Field, p.Message))]);
        var value = r!.ValuePerProfile!;
        string target = string.IsNullOrWhiteSpace(channel) ? e.Channel : channel.Trim();
        var lift = ExperimentLiftTest.FromHoldout(target, spend.Value, days, period, value.MeanDifference, value.StandardError!.Value, nt);
        return ExperimentOperation<LiftTestExport>.Done(new(e.Id, e.Key, lift.Channel, lift.X, lift.DeltaX, lift.DeltaY, lift.Sigma,
            lift.Periods, period, spend.Value, value.MeanDifference, value.StandardError.Value, nt));
    }
}
