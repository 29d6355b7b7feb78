namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// One stored link between a touchpoint channel (the taxonomy's name, as on journeys) and a spend column of an MMM
/// dataset, so attribution and the MMM can be compared channel by channel. Several channels may share one column
/// (paid_search and brand_search → search_spend); a channel maps to at most one column per dataset.
/// </summary>
public sealed class ChannelSpendMapping
{
    public int Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string Channel { get; set; }
    public required string SpendColumn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
