namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// One finding of <see cref="UtmValidator"/>. <see cref="Field"/> is the canonical parameter name (or the name as given
/// for an unknown parameter, or <c>url</c>); <see cref="Code"/> is stable for programs, <see cref="Message"/> is for people.
/// </summary>
public sealed record UtmIssue(string Field, string Code, string Message);
