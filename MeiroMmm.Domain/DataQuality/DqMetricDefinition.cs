namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// A data-quality metric the DQ run computes. <see cref="Sources"/> says what the <c>source</c> of its snapshots is:
/// a fixed word ("taxonomy", "journeys", "spend") or a pattern such as "&lt;spend column&gt;".
/// </summary>
public sealed record DqMetricDefinition(string Key, string Label, DqUnit Unit, string Sources, string Meaning);
