namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// Where an MMM dataset built from journeys and expenses came from: the period, the conversion key, the currency, the
/// expense-channel → spend-column mapping and the model config active for that key when it was built.
/// </summary>
public sealed class JourneyDatasetLineage
{
    public Guid DatasetId { get; set; }
    public required string Frequency { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    /// <summary>Null: every conversion key.</summary>
    public string? ConversionKey { get; set; }
    public required string Currency { get; set; }
    /// <summary>JSON object expense channel → spend column (null = left out).</summary>
    public required string ChannelMappingJson { get; set; }
    public int? ModelConfigId { get; set; }
    public int Journeys { get; set; }
    public int ExpenseRows { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
