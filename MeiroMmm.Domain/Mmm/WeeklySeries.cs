namespace MeiroMmm.Domain.Mmm;

/// <summary>One named column of a period-indexed dataset (a KPI, a channel's spend, or a control), in original units.</summary>
public sealed record NamedSeries(string Name, double[] Values);

/// <summary>
/// A wide MMM dataset: one row per period. Spend is in currency units, the KPI in its own units, controls as given
/// (PyMC-Marketing does not scale controls).
/// </summary>
public sealed record MmmWideData(
    IReadOnlyList<DateOnly> Dates,
    IReadOnlyList<NamedSeries> Kpis,
    IReadOnlyList<NamedSeries> Channels,
    IReadOnlyList<NamedSeries> Controls)
{
    public int PeriodCount => Dates.Count;
}
