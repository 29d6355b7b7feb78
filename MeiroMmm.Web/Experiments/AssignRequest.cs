namespace MeiroMmm.Web.Experiments;

/// <summary>Body of POST /api/experiments/{id}/assign. <c>TreatmentRate</c> is optional and must match the stored one once assignment has begun.</summary>
public sealed record AssignRequest(IReadOnlyList<string?>? ProfileIds, double? TreatmentRate);
