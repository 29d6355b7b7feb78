using System.Text.Json;
using MeiroMmm.Domain.Mmm.Quality;
using MeiroMmm.Infrastructure.Mmm;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>
/// Saves, lists, compares and adopts budget scenarios (docs/DECISIONS.md, "Budget scenarios"). One context per call: a
/// singleton. Saving runs the optimizer again on the run, behind the same run-quality gate as the optimizer API.
/// </summary>
public sealed class ScenarioStore(IDbContextFactory<MeiroDbContext> dbFactory, ModelRunStore runs, DatasetStore datasets, TimeProvider clock)
{
    public async Task<IReadOnlyList<ScenarioSummary>> ListAsync(int? horizon, Guid? runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<BudgetScenario>().AsNoTracking();
        if (horizon is { } h) query = query.Where(s => s.HorizonPeriods == h);
        if (runId is { } r) query = query.Where(s => s.RunId == r);
        var rows = await query.ToListAsync(ct);
        return [.. rows.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Select(Summarize)];
    }

    public async Task<ScenarioDetail?> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<BudgetScenario>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return row is null ? null : Detail(row);
    }

    public async Task<StoreOutcome<ScenarioDetail>> CreateAsync(ScenarioDraft draft, string? actor, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        string name = draft.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new("name", "name is required: say what the scenario is (e.g. \"Q3 plan, TV capped\")."));
        else if (name.Length > 200) errors.Add(new("name", "name must be at most 200 characters."));
        if (draft.Description is { Length: > 2000 }) errors.Add(new("description", "description must be at most 2000 characters."));
        if (draft.RunId == Guid.Empty) errors.Add(new("run_id", "run_id is required: the completed MMM run to plan with."));
        if (errors.Count > 0) return StoreOutcome<ScenarioDetail>.Invalid(errors);

        var found = await runs.GetAsync(draft.RunId, ct);
        if (found is null) return StoreOutcome<ScenarioDetail>.NotFound($"Model run {draft.RunId} does not exist.");
        if (found.Value.Result is null) return StoreOutcome<ScenarioDetail>.Conflict($"Model run {draft.RunId} has no result ({found.Value.Run.Status.ToString().ToLowerInvariant()}).");
        var fit = await FittedRun.LoadAsync(draft.RunId, runs, datasets, ct);
        if (fit is null) return StoreOutcome<ScenarioDetail>.Conflict($"The dataset or settings of model run {draft.RunId} are gone.");
        var quality = RunQualityAssessment.Assess(fit.Run, fit.Result, (await datasets.GetAsync(fit.Run.DatasetId, ct))?.Data);
        if (quality.Grade == RunGrade.NotUsable)
            return StoreOutcome<ScenarioDetail>.Conflict("This model run is not usable for budget decisions: "
                + string.Join(" ", quality.Reasons.Where(r => r.Caps == RunGrade.NotUsable).Select(r => r.Message)));

        var (plan, planErrors) = BudgetPlanning.Optimize(fit, draft.Horizon, draft.TotalBudget, draft.Bounds, draft.RiskAversion);
        if (plan is null) return StoreOutcome<ScenarioDetail>.Invalid(planErrors);
        var warnings = quality.Reasons.Select(r => r.Message).ToList();
        plan = plan with { Warnings = warnings };
        var dates = fit.Data.Dates;
        int periodDays = dates.Count > 1 ? dates[^1].DayNumber - dates[^2].DayNumber : 7;
        var row = new BudgetScenario
        {
            Name = name, Description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim(),
            RunId = fit.Run.Id, DatasetId = fit.Run.DatasetId, Kpi = fit.Run.Kpi, HorizonPeriods = draft.Horizon,
            StartDate = dates[^1].AddDays(periodDays), PeriodDays = periodDays, TotalBudget = plan.TotalBudget,
            AssumptionsJson = JsonSerializer.Serialize(new ScenarioAssumptions(plan.TotalBudget, draft.Bounds, draft.RiskAversion,
                ScenarioAssumptions.ObjectiveOf(draft.RiskAversion), GradeName(quality.Grade), warnings), StoredJson.Options),
            PlanJson = JsonSerializer.Serialize(plan, StoredJson.Options),
            CreatedBy = actor, CreatedAt = clock.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return StoreOutcome<ScenarioDetail>.Done(Detail(row));
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<BudgetScenario>().Where(s => s.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>
    /// Marks a scenario as the plan in force. Only one plan can be in force for a period, so any other adopted scenario
    /// of the same dataset and KPI whose horizon overlaps is un-adopted, in the same transaction.
    /// </summary>
    public async Task<StoreOutcome<ScenarioDetail>> AdoptAsync(int id, string? actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();   // a retry starts from a clean unit of work
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var row = await db.Set<BudgetScenario>().SingleOrDefaultAsync(s => s.Id == id, ct);
            if (row is null) return StoreOutcome<ScenarioDetail>.NotFound($"Scenario {id} does not exist.");
            var others = await db.Set<BudgetScenario>()
                .Where(s => s.Id != id && s.DatasetId == row.DatasetId && s.Kpi == row.Kpi && s.AdoptedAt != null).ToListAsync(ct);
            foreach (var other in others.Where(o => Overlaps(o, row))) { other.AdoptedAt = null; other.AdoptedBy = null; }
            row.AdoptedAt = clock.GetUtcNow();
            row.AdoptedBy = actor;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return StoreOutcome<ScenarioDetail>.Done(Detail(row));
        });
    }

    public async Task<StoreOutcome<ScenarioComparison>> CompareAsync(IReadOnlyList<int> ids, CancellationToken ct)
    {
        if (ids.Count is < 2 or > 6) return StoreOutcome<ScenarioComparison>.Invalid([new("ids", "Compare 2 to 6 scenarios: ids=1,2.")]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<BudgetScenario>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        var missing = ids.Where(i => rows.All(r => r.Id != i)).ToList();
        if (missing.Count > 0) return StoreOutcome<ScenarioComparison>.NotFound($"Scenario {string.Join(", ", missing)} does not exist.");
        var ordered = ids.Select(i => rows.Single(r => r.Id == i)).ToList();
        var plans = ordered.Select(Plan).ToList();
        var warnings = new List<string>();
        if (ordered.Select(s => s.HorizonPeriods).Distinct().Count() > 1)
            warnings.Add("The horizons differ (" + string.Join(", ", ordered.Select(s => $"{s.Name}: {s.HorizonPeriods}")) + " periods): totals cover different lengths of time.");
        if (ordered.Select(s => s.Kpi).Distinct().Count() > 1) warnings.Add("The KPIs differ: the expected contributions are in different units.");
        if (ordered.Select(s => s.StartDate).Distinct().Count() > 1) warnings.Add("The scenarios start on different dates.");
        var channels = plans.SelectMany(p => p.Channels.Select(c => c.Channel)).Distinct().ToList();
        var compared = channels.Select(name => new ComparedChannel(name, plans.Select(p => p.Channels.FirstOrDefault(c => c.Channel == name) is { } c
            ? new ComparedPlan(c.Recommended, c.PerPeriod, c.Contribution) : null).ToList())).ToList();
        return StoreOutcome<ScenarioComparison>.Done(new ScenarioComparison([.. ordered.Select(Summarize)], compared, warnings));
    }

    private static bool Overlaps(BudgetScenario a, BudgetScenario b) =>
        a.StartDate < b.StartDate.AddDays(b.HorizonPeriods * b.PeriodDays) && b.StartDate < a.StartDate.AddDays(a.HorizonPeriods * a.PeriodDays);

    internal static BudgetPlanView Plan(BudgetScenario s) =>
        JsonSerializer.Deserialize<BudgetPlanView>(s.PlanJson, StoredJson.Options) ?? throw new InvalidOperationException($"Scenario {s.Id} has no stored plan.");

    private static ScenarioAssumptions Assumptions(BudgetScenario s) =>
        JsonSerializer.Deserialize<ScenarioAssumptions>(s.AssumptionsJson, StoredJson.Options) ?? throw new InvalidOperationException($"Scenario {s.Id} has no stored assumptions.");

    internal static ScenarioDetail Detail(BudgetScenario s) => new(Summarize(s), Assumptions(s), Plan(s));

    private static ScenarioSummary Summarize(BudgetScenario s)
    {
        var plan = Plan(s);
        return new(s.Id, s.Name, s.Description, s.RunId, s.DatasetId, s.Kpi, s.HorizonPeriods, s.StartDate,
            s.StartDate.AddDays(s.HorizonPeriods * s.PeriodDays - 1), s.TotalBudget, plan.Expected.Mean, plan.Expected.Q05, plan.Expected.Q95,
            plan.Uplift.Mean, Assumptions(s).Grade, s.AdoptedAt is not null, s.AdoptedAt, s.AdoptedBy, s.CreatedBy, s.CreatedAt);
    }

    private static string GradeName(RunGrade grade) => grade switch
    {
        RunGrade.Usable => "usable",
        RunGrade.Directional => "directional",
        _ => "not_usable",
    };
}
