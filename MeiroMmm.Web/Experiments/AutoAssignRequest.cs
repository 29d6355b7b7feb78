namespace MeiroMmm.Web.Experiments;

/// <summary>Body of POST /api/experiments/{id}/auto-assign: the period whose touchpoints qualify, an optional channel (the experiment's by default) and treatment_rate.</summary>
public sealed record AutoAssignRequest(DateTimeOffset? From, DateTimeOffset? To, string? Channel, double? TreatmentRate);
