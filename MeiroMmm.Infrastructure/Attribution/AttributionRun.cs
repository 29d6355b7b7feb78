namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// One stored attribution result: the model, the exact settings it ran with (model parameters, windows, eligibility,
/// date range, cut-off) and the per-channel credit, so every figure can be traced to how it was computed.
/// </summary>
public sealed class AttributionRun
{
    public Guid Id { get; set; }
    public required string Model { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary><see cref="AttributionRunSettings"/> as JSON.</summary>
    public required string SettingsJson { get; set; }
    /// <summary><see cref="StoredAttributionResult"/> as JSON.</summary>
    public required string ResultJson { get; set; }
    public int Journeys { get; set; }
    public double Conversions { get; set; }
    public double Value { get; set; }
}
