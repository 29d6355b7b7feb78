using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Web.Mmm;

public static class DataProblemExtensions
{
    /// <summary>The ValidationProblem shape, keyed by column: {"tv_spend": ["row 3: 'abc' is not a number."]}.</summary>
    public static Dictionary<string, string[]> ToValidationDictionary(this IEnumerable<DataProblem> problems) =>
        problems.GroupBy(p => p.Column).ToDictionary(g => g.Key, g => g.Select(p => p.Row is { } row ? $"row {row}: {p.Message}" : p.Message).ToArray());
}
