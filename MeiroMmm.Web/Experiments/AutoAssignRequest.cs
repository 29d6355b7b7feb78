namespace MeiroMmm.Web.Experiments;

/// <summary>
/// Body of POST /api/experiments/{id}/auto-assign. From stored journeys: the period whose touchpoints qualify and an
/// optional channel (the experiment's by default). From a CDP segment instead: connection_id and segment_id
/// (docs/CDP.md, "Segments"). treatment_rate as for /assign.
/// </summary>
public sealed record AutoAssignRequest(DateTimeOffset? From, DateTimeOffset? To, string? Channel, double? TreatmentRate, int? ConnectionId = null, string? SegmentId = null);
