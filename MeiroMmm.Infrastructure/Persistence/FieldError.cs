namespace MeiroMmm.Infrastructure.Persistence;

/// <summary>A problem with one input field, named as the API names it (snake_case), so UI and API can show it in place.</summary>
public sealed record FieldError(string Field, string Message);
