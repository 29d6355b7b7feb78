namespace MeiroMmm.Domain.Attribution;

/// <summary>One bar of a histogram: values in [<see cref="Lower"/>, <see cref="Upper"/>) (no upper bound when null), and how many fell there.</summary>
public sealed record HistogramBin(string Label, double Lower, double? Upper, long Count);
