namespace MeiroMmm.Web.Scenarios;

/// <summary>One bar series with a 90% interval per category (mean, lower, upper), for <see cref="IntervalBarChart"/>.</summary>
public sealed record IntervalSeries(string Name, IReadOnlyList<double> Mean, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
