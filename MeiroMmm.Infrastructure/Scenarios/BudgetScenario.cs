namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>
/// A saved optimizer result: the plan for <see cref="HorizonPeriods"/> periods from <see cref="StartDate"/>, the run it
/// came from and the assumptions it was made under. Plans are never edited; a new scenario is saved instead.
/// </summary>
public sealed class BudgetScenario
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>The MMM run whose posterior made the plan; the scenario is deleted with it (its draws are the prediction).</summary>
    public Guid RunId { get; set; }
    /// <summary>The run's dataset (no foreign key: the run already cascades from it).</summary>
    public Guid DatasetId { get; set; }
    public required string Kpi { get; set; }
    public int HorizonPeriods { get; set; }
    /// <summary>The first planned period: the period after the run's data ends.</summary>
    public DateOnly StartDate { get; set; }
    /// <summary>Days per period of the run's data (7 for weekly).</summary>
    public int PeriodDays { get; set; }
    public double TotalBudget { get; set; }
    /// <summary><see cref="ScenarioAssumptions"/> as JSON: budget, bounds, locks, objective, the run's grade at save time.</summary>
    public string AssumptionsJson { get; set; } = "{}";
    /// <summary>The optimizer's <see cref="Mmm.BudgetPlanView"/> as JSON.</summary>
    public string PlanJson { get; set; } = "{}";
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the scenario was adopted as the plan in force; null when it is not (or no longer) adopted.</summary>
    public DateTimeOffset? AdoptedAt { get; set; }
    public string? AdoptedBy { get; set; }
}
