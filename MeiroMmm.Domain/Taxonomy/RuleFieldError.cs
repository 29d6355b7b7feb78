namespace MeiroMmm.Domain.Taxonomy;

/// <summary>A problem with one field of a rule; <see cref="Field"/> is the snake_case name the API and editor use.</summary>
public sealed record RuleFieldError(string Field, string Message);
