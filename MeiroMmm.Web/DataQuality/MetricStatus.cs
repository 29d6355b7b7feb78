namespace MeiroMmm.Web.DataQuality;

/// <summary>
/// The current state of one metric series: its newest value (formatted with its unit), and each enabled rule on it
/// with whether it is breached now.
/// </summary>
public sealed record MetricStatus(
    string MetricKey, string Label, string Unit, string Source, double Value, string Display, DateTimeOffset TsBucket, DateTimeOffset ComputedAt,
    string Meaning, IReadOnlyList<MetricStatus.RuleState> Rules)
{
    public sealed record RuleState(long RuleId, string Name, string Severity, bool Evaluated, bool Breached, string Message);

    /// <summary>"breached", "ok" or "unwatched" (no enabled rule judges it).</summary>
    public string State => Rules.Any(r => r.Breached) ? "breached" : Rules.Any(r => r.Evaluated) ? "ok" : "unwatched";
}
