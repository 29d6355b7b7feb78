namespace MeiroMmm.Domain.Configs;

/// <summary>
/// One condition on a conversion event's attribute: <see cref="Field"/> compared by <see cref="Op"/> with
/// <see cref="Value"/> (a string, or several for <c>in</c>/<c>not_in</c>; none for <c>exists</c>).
/// </summary>
public sealed record ConversionFilter(string Field, string Op, IReadOnlyList<string> Value)
{
    public static IReadOnlyList<string> Operators { get; } = ["eq", "neq", "in", "not_in", "exists", "gt", "gte", "lt", "lte"];
}
