namespace MeiroMmm.Web.Attribution;

/// <summary>One bar series: a value per category, and per category the text the hover shows after the value.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values, IReadOnlyList<string>? HoverText = null);
