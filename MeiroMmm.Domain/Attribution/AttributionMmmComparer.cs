namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Puts an attribution result beside an MMM fit through the channel ↔ spend-column mapping. Both shares are among the
/// mapped channels only, so they are comparable: conversion (value) share = the column's attributed conversions (value)
/// ÷ those of all mapped channels; MMM share = the column's contribution ÷ the contributions of all MMM
/// channels that some touchpoint channel maps to. Unmapped touchpoint channels are listed apart
/// (Unmapped); so are MMM channels no touchpoint channel maps to (MmmOnly).
/// </summary>
public static class AttributionMmmComparer
{
    public static (IReadOnlyList<AttributionMmmRow> Rows, IReadOnlyList<string> Unmapped, IReadOnlyList<string> MmmOnly) Compare(
        AttributionResult attribution, IReadOnlyDictionary<string, string> channelToSpendColumn, IReadOnlyList<MmmChannelFigures> mmm)
    {
        var byColumn = mmm.ToDictionary(m => m.SpendColumn, StringComparer.Ordinal);
        var groups = attribution.Channels
            .Where(c => channelToSpendColumn.TryGetValue(c.Channel, out var col) && byColumn.ContainsKey(col))
            .GroupBy(c => channelToSpendColumn[c.Channel], StringComparer.Ordinal)
            .ToList();
        double conversionTotal = groups.Sum(g => g.Sum(c => c.Conversions)), valueTotal = groups.Sum(g => g.Sum(c => c.Value));
        double contributionTotal = groups.Sum(g => byColumn[g.Key].Contribution);
        var rows = groups.Select(g =>
        {
            var m = byColumn[g.Key];
            double conversions = g.Sum(c => c.Conversions), value = g.Sum(c => c.Value);
            return new AttributionMmmRow(g.Key, [.. g.Select(c => c.Channel)], conversions, value,
                conversionTotal > 0 ? conversions / conversionTotal : 0, valueTotal > 0 ? value / valueTotal : 0, m.Spend, m.Spend > 0 ? value / m.Spend : null,
                m.Contribution, contributionTotal > 0 ? m.Contribution / contributionTotal : 0, m.RoasMean, m.RoasQ05, m.RoasQ95);
        }).OrderByDescending(r => r.MmmShare).ToList();
        var unmapped = attribution.Channels.Where(c => !channelToSpendColumn.TryGetValue(c.Channel, out var col) || !byColumn.ContainsKey(col))
            .Select(c => c.Channel).ToList();
        var mmmOnly = mmm.Select(m => m.SpendColumn).Where(col => groups.All(g => g.Key != col)).ToList();
        return (rows, unmapped, mmmOnly);
    }
}
