namespace MeiroMmm.Web.Experiments;

/// <summary>Body of POST /api/experiments/{id}/status: the next status (running, completed or archived).</summary>
public sealed record ExperimentStatusRequest(string? Status);
