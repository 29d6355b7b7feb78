namespace MeiroMmm.Infrastructure.Taxonomy;

/// <summary>One stored touchpoint as the current taxonomy maps it, shown as an example in the reports.</summary>
public sealed record TouchpointSample(string ConversionId, string Source, string Medium, string Campaign, string Channel, double Confidence, string? Reason);
