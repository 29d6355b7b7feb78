using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Scenarios;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>
/// Compares a scenario with the data that arrived after it was planned. The actuals are the periods of the horizon in a
/// dataset with the run's KPI, channel and control columns: the one asked for, else the newest such dataset that reaches
/// the horizon. They are appended to the run's own data and prepared on the run's scales (trend and seasonality continue),
/// so the engine's validator checks that they follow on at the same frequency. Computed on every read: nothing stored.
/// </summary>
public sealed class ScenarioRealizationService(ScenarioStore scenarios, ModelRunStore runs, DatasetStore datasets)
{
    public async Task<StoreOutcome<ScenarioRealizationView>> RealizeAsync(int id, Guid? datasetId, CancellationToken ct)
    {
        var scenario = await scenarios.GetAsync(id, ct);
        if (scenario is null) return StoreOutcome<ScenarioRealizationView>.NotFound($"Scenario {id} does not exist.");
        var summary = scenario.Scenario;
        var fit = await FittedRun.LoadAsync(summary.RunId, runs, datasets, ct);
        if (fit is null) return StoreOutcome<ScenarioRealizationView>.Conflict($"The model run {summary.RunId} of scenario {id} or its dataset is gone.");
        var spec = fit.Run.Settings!.ToSpec();
        string[] columns = [spec.Kpi, .. spec.Channels, .. spec.Controls];

        DatasetDetail? actuals;
        if (datasetId is { } wanted)
        {
            actuals = await datasets.GetAsync(wanted, ct);
            if (actuals is null) return StoreOutcome<ScenarioRealizationView>.NotFound($"Dataset {wanted} does not exist.");
            var lacking = columns.Where(c => Column(actuals.Data, c) is null).ToList();
            if (lacking.Count > 0) return StoreOutcome<ScenarioRealizationView>.Invalid([new("dataset", $"Dataset '{actuals.Summary.Name}' lacks the run's column(s) {string.Join(", ", lacking)}.")]);
        }
        else
        {
            var candidate = (await datasets.ListAsync(ct)).FirstOrDefault(d => d.PeriodEnd >= summary.StartDate
                && columns.All(c => d.Kpis.Contains(c) || d.Channels.Contains(c) || d.Controls.Contains(c)));
            actuals = candidate is null ? null : await datasets.GetAsync(candidate.Id, ct);
        }

        var end = summary.EndDate.AddDays(1);   // the horizon is [start, end)
        var rows = actuals is null ? [] : actuals.Data.Dates.Select((d, i) => (Date: d, Row: i)).Where(r => r.Date >= summary.StartDate && r.Date < end).ToList();
        if (rows.Count == 0)
            return StoreOutcome<ScenarioRealizationView>.Done(new(summary, "waiting",
                $"No data for the horizon yet: upload a dataset with {string.Join(", ", columns)} for the periods from {summary.StartDate:yyyy-MM-dd} on.",
                actuals?.Summary.Id, actuals?.Summary.Name, null));

        var runData = (await datasets.GetAsync(fit.Run.DatasetId, ct))!.Data;
        var extended = Extend(runData, actuals!.Data, columns, rows.Select(r => r.Row).ToList(), spec);
        ScaledMmmData prepared;
        try { prepared = ScaledMmmData.Prepare(extended, spec, scalesFrom: fit.Data); }
        catch (MmmDataException e)
        {
            return StoreOutcome<ScenarioRealizationView>.Invalid([.. e.Problems.Select(p => new FieldError("dataset",
                $"Dataset '{actuals.Summary.Name}' does not continue the run's data: {p.Message}"))]);
        }

        int T = fit.Data.Periods, k = rows.Count, N = prepared.Periods;
        var forecaster = new KpiForecaster(fit.Result.Draws, spec.Channels, fit.Data.ChannelScales, fit.Data.TargetScale, fit.Data.LMax, fit.Data.Adstock, fit.Data.Saturation);
        double[][] Slice(double[] channelMajor, int count, int from, int length) =>
            [.. Enumerable.Range(0, count).Select(i => channelMajor.AsSpan(i * N + from, length).ToArray())];
        var plannedPerPeriod = spec.Channels.Select(c => scenario.Plan.Channels.FirstOrDefault(p => p.Channel == c)?.PerPeriod ?? 0).ToList();
        var input = new RealizationInput(plannedPerPeriod, summary.HorizonPeriods, Slice(prepared.Spend, spec.Channels.Count, 0, T),
            [.. rows.Select(r => r.Date)], Slice(prepared.Spend, spec.Channels.Count, T, k), [.. extended.Kpis[0].Values[T..]],
            Slice(prepared.Controls, prepared.ControlNames.Count, T, k), Slice(prepared.Fourier, prepared.FourierNames.Count, T, k));
        var realization = ScenarioRealizer.Realize(forecaster, input);
        string status = k == summary.HorizonPeriods ? "complete" : "in_progress";
        string message = $"{k} of {summary.HorizonPeriods} periods have data (from dataset '{actuals.Summary.Name}').";
        return StoreOutcome<ScenarioRealizationView>.Done(new(summary, status, message, actuals.Summary.Id, actuals.Summary.Name, realization));
    }

    private static NamedSeries? Column(MmmWideData data, string name) =>
        data.Kpis.Concat(data.Channels).Concat(data.Controls).FirstOrDefault(s => s.Name == name);

    /// <summary>The run's data followed by the actual rows, with only the columns the model uses (KPI first).</summary>
    private static MmmWideData Extend(MmmWideData run, MmmWideData actuals, string[] columns, IReadOnlyList<int> rows, MmmModelSpec spec)
    {
        NamedSeries Joined(string name) => new(name, [.. Column(run, name)!.Values, .. rows.Select(r => Column(actuals, name)!.Values[r])]);
        return new MmmWideData([.. run.Dates, .. rows.Select(r => actuals.Dates[r])],
            [Joined(spec.Kpi)], [.. spec.Channels.Select(Joined)], [.. spec.Controls.Select(Joined)]);
    }
}
