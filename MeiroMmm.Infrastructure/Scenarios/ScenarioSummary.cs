namespace MeiroMmm.Infrastructure.Scenarios;

/// <summary>A scenario as listed: what it plans, for when, and what the optimizer expects from media (90% interval).</summary>
public sealed record ScenarioSummary(int Id, string Name, string? Description, Guid RunId, Guid DatasetId, string Kpi, int HorizonPeriods,
    DateOnly StartDate, DateOnly EndDate, double TotalBudget, double ExpectedMean, double ExpectedQ05, double ExpectedQ95, double UpliftMean,
    string Grade, bool Adopted, DateTimeOffset? AdoptedAt, string? AdoptedBy, string? CreatedBy, DateTimeOffset CreatedAt);
