namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// Compares a budget scenario with what happened (docs/DECISIONS.md, "Realization"). The model forecasts the realized
/// periods twice, from the same posterior draws: with the plan's spend and with the spend that happened. An outcome
/// outside the plan's interval but inside the actual-spend interval means the plan was not followed; outside both means
/// the model (or the world it assumed) was wrong.
/// </summary>
public static class ScenarioRealizer
{
    public static ScenarioRealization Realize(KpiForecaster forecaster, RealizationInput input)
    {
        int C = forecaster.Channels.Count, k = input.Dates.Count;
        if (k == 0) throw new ArgumentException("No realized period: nothing to compare yet.", nameof(input));
        if (k > input.HorizonPeriods) throw new ArgumentException($"{k} realized periods but the horizon has {input.HorizonPeriods}.", nameof(input));
        if (input.PlannedPerPeriod.Count != C || input.ActualSpend.Count != C) throw new ArgumentException($"Need planned and actual spend for each of the {C} channels.", nameof(input));
        if (input.ActualKpi.Count != k || input.ActualSpend.Any(s => s.Length != k)) throw new ArgumentException($"Need {k} periods of KPI and of spend.", nameof(input));

        var planned = input.PlannedPerPeriod.Select(p => Enumerable.Repeat(p, k).ToArray()).ToArray();
        var plan = forecaster.Forecast(input.History, planned, input.Controls, input.Fourier);
        var actual = forecaster.Forecast(input.History, input.ActualSpend, input.Controls, input.Fourier);

        var periods = input.Dates.Select((d, t) => new RealizedPeriod(d, input.ActualKpi[t], plan.Period(t, input.Level), actual.Period(t, input.Level))).ToList();
        var channels = forecaster.Channels.Select((name, c) =>
        {
            double plannedSpend = input.PlannedPerPeriod[c] * k, actualSpend = input.ActualSpend[c].Sum();
            double? deviation = plannedSpend > 0 ? (actualSpend - plannedSpend) / plannedSpend : null;
            bool offPlan = deviation is { } dev ? Math.Abs(dev) > input.OffPlanTolerance : actualSpend > 0;
            return new RealizedChannel(name, plannedSpend, actualSpend, deviation, offPlan, plan.Contribution(c, input.Level), actual.Contribution(c, input.Level));
        }).ToList();
        var total = new RealizedTotal(channels.Sum(c => c.PlannedSpend), channels.Sum(c => c.ActualSpend), input.ActualKpi.Sum(),
            plan.Sum(0, k, input.Level), actual.Sum(0, k, input.Level),
            periods.Count(p => p.PlannedStatus != RealizationStatus.Inside), periods.Count(p => p.ActualSpendStatus != RealizationStatus.Inside));
        return new ScenarioRealization(input.HorizonPeriods, k, input.Level, input.OffPlanTolerance, periods, channels, total);
    }
}
