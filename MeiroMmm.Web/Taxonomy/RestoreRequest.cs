namespace MeiroMmm.Web.Taxonomy;

/// <summary>Optional body of POST /api/taxonomy/versions/{n}/restore: a note for the new version.</summary>
public sealed record RestoreRequest(string? Note);
