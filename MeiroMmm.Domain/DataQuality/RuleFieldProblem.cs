namespace MeiroMmm.Domain.DataQuality;

/// <summary>A problem with one field of an alert rule; <see cref="Field"/> is the API's snake_case name.</summary>
public sealed record RuleFieldProblem(string Field, string Message);
