using MeiroMmm.Infrastructure.Scenarios;
using MeiroMmm.Web.Scenarios;

namespace MeiroMmm.Web.Reports;

/// <summary>The executive narrative of one budget scenario and its realization: fixed templates filled with stored and computed numbers.</summary>
public static class ScenarioNarrative
{
    public static IReadOnlyList<NarrativeSentence> For(ScenarioDetail detail, ScenarioRealizationView? realization)
    {
        var s = detail.Scenario;
        var plan = detail.Plan;
        string api = $"GET /api/scenarios/{s.Id}";
        var up = plan.Channels.Where(c => c.Recommended > c.Current).OrderByDescending(c => c.Recommended - c.Current).FirstOrDefault();
        var down = plan.Channels.Where(c => c.Recommended < c.Current).OrderBy(c => c.Recommended - c.Current).FirstOrDefault();
        var sentences = new List<NarrativeSentence>
        {
            new($"\"{s.Name}\" plans {ScenarioFormat.Money(s.TotalBudget)} of spend over {s.HorizonPeriods} periods from {s.StartDate:yyyy-MM-dd} to {s.EndDate:yyyy-MM-dd}, "
                + $"to {detail.Assumptions.Objective}.", $"{api} → scenario.total_budget, horizon_periods, start_date, end_date; assumptions.objective"),
            new($"Media are expected to bring {ScenarioFormat.Money(plan.Expected.Mean)} {s.Kpi} (90% interval {ScenarioFormat.Money(plan.Expected.Q05)}–{ScenarioFormat.Money(plan.Expected.Q95)}), "
                + $"{ScenarioFormat.Signed(plan.Uplift.Mean)} against keeping the current allocation (90%: {ScenarioFormat.Signed(plan.Uplift.Q05)} to {ScenarioFormat.Signed(plan.Uplift.Q95)}).",
                $"{api} → plan.expected, plan.uplift"),
        };
        if (up is not null || down is not null)
            sentences.Add(new("The biggest moves: " + string.Join("; ", new[] { up, down }.Where(c => c is not null).Select(c =>
                $"{c!.Channel} from {ScenarioFormat.Money(c.Current)} to {ScenarioFormat.Money(c.Recommended)}")) + ".",
                $"{api} → plan.channels[].current, recommended"));
        sentences.Add(new($"The plan comes from model run {s.RunId.ToString()[..8]}, graded {detail.Assumptions.Grade.Replace('_', ' ')} when saved" +
            (s.Adopted ? $"; it was adopted on {s.AdoptedAt:yyyy-MM-dd} by {s.AdoptedBy}." : "; it is not adopted."), $"{api} → assumptions.grade, scenario.adopted_at, adopted_by"));
        if (realization?.Realization is { } r)
        {
            string route = $"GET /api/scenarios/{s.Id}/realization";
            sentences.Add(new($"So far {r.RealizedPeriods} of {r.HorizonPeriods} periods have data: {s.Kpi} was {ScenarioFormat.Money(r.Total.ActualKpi)} against "
                + $"{ScenarioFormat.Interval(r.Total.PlannedKpi)} predicted for the plan, {Status(r.Total.PlannedStatus)}; {r.Total.PeriodsOutsidePlanned} of {r.RealizedPeriods} periods fell outside their interval.",
                $"{route} → realization.total.actual_kpi, planned_kpi, planned_status, periods_outside_planned"));
            var off = r.Channels.Where(c => c.OffPlan).ToList();
            sentences.Add(new((off.Count == 0 ? "Every channel's spend stayed within ±10% of the plan. " : $"Off plan: {string.Join(", ", off.Select(c => $"{c.Channel} ({ScenarioFormat.Money(c.ActualSpend)} spent, {ScenarioFormat.Money(c.PlannedSpend)} planned)"))}. ")
                + ScenarioRealizationSection.Diagnosis(r), $"{route} → realization.channels[].off_plan, actual_spend, planned_spend; total.actual_spend_status"));
        }
        else if (realization is not null)
            sentences.Add(new(realization.Message, $"GET /api/scenarios/{s.Id}/realization → status, message"));
        return sentences;
    }

    private static string Status(MeiroMmm.Domain.Mmm.Scenarios.RealizationStatus status) => status switch
    {
        MeiroMmm.Domain.Mmm.Scenarios.RealizationStatus.Inside => "inside the interval",
        MeiroMmm.Domain.Mmm.Scenarios.RealizationStatus.Below => "below the interval",
        _ => "above the interval",
    };
}
