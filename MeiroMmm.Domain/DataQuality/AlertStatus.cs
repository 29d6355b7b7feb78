namespace MeiroMmm.Domain.DataQuality;

/// <summary>Where an alert is in its life: open → acknowledged → resolved (open → resolved is allowed too).</summary>
public enum AlertStatus { Open, Acknowledged, Resolved }
