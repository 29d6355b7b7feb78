namespace MeiroMmm.Infrastructure.DataSources;

/// <summary>
/// Spend of one channel (and campaign) on one day, in one currency: the MMM's media input. Rows come from a CSV upload
/// or from a CDP's expenses endpoint; (date, channel, campaign, currency, source) is unique, so importing the same
/// rows again replaces the spend instead of adding it twice.
/// </summary>
public sealed class Expense
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public required string Channel { get; set; }
    /// <summary>Empty when the source does not split by campaign.</summary>
    public required string Campaign { get; set; }
    public double Spend { get; set; }
    /// <summary>ISO 4217 code, upper case.</summary>
    public required string Currency { get; set; }
    /// <summary>"upload" or "cdp:{connection name}".</summary>
    public required string Source { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}
