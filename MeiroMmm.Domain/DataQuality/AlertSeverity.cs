namespace MeiroMmm.Domain.DataQuality;

/// <summary>How urgent an alert is; the rule sets it.</summary>
public enum AlertSeverity { Info, Warning, Critical }
