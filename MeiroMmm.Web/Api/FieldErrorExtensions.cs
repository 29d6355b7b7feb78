using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Web.Api;

public static class FieldErrorExtensions
{
    /// <summary>The ValidationProblem shape: {"field": ["message", …]}.</summary>
    public static Dictionary<string, string[]> ToValidationDictionary(this IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
