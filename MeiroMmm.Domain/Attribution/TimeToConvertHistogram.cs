namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Days from a journey's first touch to its conversion, counted into bins that follow how marketers read lag: day by
/// day for the first three days, then by half-week, week and month, the last bin open (≥ 90 days). Lower bounds are
/// inclusive. Negative or non-finite values (a touch after the conversion, bad clocks) are not counted.
/// </summary>
public sealed class TimeToConvertHistogram
{
    /// <summary>Bin edges in days; bin i is [Edges[i], Edges[i+1]), the last is [90, ∞).</summary>
    public static IReadOnlyList<double> Edges { get; } = [0, 1, 2, 3, 5, 7, 14, 21, 30, 60, 90];

    private readonly long[] _counts = new long[Edges.Count];

    public long Skipped { get; private set; }

    public void Add(double days)
    {
        if (!double.IsFinite(days) || days < 0) { Skipped++; return; }
        int bin = Edges.Count - 1;
        while (days < Edges[bin]) bin--;
        _counts[bin]++;
    }

    public IReadOnlyList<HistogramBin> Bins() => [.. Edges.Select((lower, i) => i + 1 < Edges.Count
        ? new HistogramBin($"{lower:0}–{Edges[i + 1]:0} d", lower, Edges[i + 1], _counts[i])
        : new HistogramBin($"≥ {lower:0} d", lower, null, _counts[i]))];
}
