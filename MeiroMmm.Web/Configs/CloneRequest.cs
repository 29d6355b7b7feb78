namespace MeiroMmm.Web.Configs;

/// <summary>Optional body of POST /api/model-configs/{id}/clone: the copy's name (default: "NAME (copy)").</summary>
public sealed record CloneRequest(string? Name);
