namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// One row of the attribution-vs-MMM comparison, per MMM spend column: the touchpoint channels mapped to it, their
/// attributed conversions and value and their shares, beside the MMM's share of media contribution
/// and ROAS. <see cref="AttributionRoi"/> = attributed value ÷ spend in the period (null without spend).
/// </summary>
public sealed record AttributionMmmRow(
    string SpendColumn, IReadOnlyList<string> Channels, double AttributedConversions, double AttributedValue, double ConversionShare, double ValueShare,
    double Spend, double? AttributionRoi, double MmmContribution, double MmmShare, double RoasMean, double RoasQ05, double RoasQ95);
