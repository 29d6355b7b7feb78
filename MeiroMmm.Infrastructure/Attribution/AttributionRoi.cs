using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.DataSources;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>One model's ROI for a channel: attributed value ÷ the channel's expenses over that result's journey dates.</summary>
public sealed record ModelRoi(string Model, double Value, double? Spend, double? Roi);

/// <summary>
/// A channel's ROI under every stored model. <see cref="ExpenseChannel"/> is the expense channel whose spend is used
/// (same name, case and separators ignored), null when none; <see cref="Note"/> says why an ROI is missing.
/// </summary>
public sealed record ChannelRoi(string Channel, string? ExpenseChannel, string? Currency, IReadOnlyList<ModelRoi> Models, string? Note);

/// <summary>
/// ROI per channel = attributed value ÷ spend, from the expenses (GET/POST /api/expenses) summed in the database over
/// each result's own date range. Only an expense channel with the same name counts: expenses are entered per channel, and
/// a looser match would charge one channel's spend to several. Spend in more than one currency gives no ROI (the journeys'
/// values carry no currency to convert to). A singleton.
/// </summary>
public sealed class AttributionRoiService(ExpenseStore expenses)
{
    public async Task<IReadOnlyList<ChannelRoi>> ComputeAsync(IReadOnlyList<StoredAttributionResult> results, IReadOnlyList<ChannelComparison> comparison, CancellationToken ct)
    {
        var spendByRange = new Dictionary<(DateOnly?, DateOnly?), IReadOnlyList<ChannelSpend>>();
        foreach (var r in results)
        {
            var range = (r.Settings.From, r.Settings.To);
            if (!spendByRange.ContainsKey(range)) spendByRange[range] = await expenses.SpendByChannelAsync(range.From, range.To, ct);
        }
        return Of(results, comparison, spendByRange);
    }

    /// <summary>The pure part: <paramref name="spendByRange"/> holds the expenses summed per (from, to) of the results.</summary>
    public static IReadOnlyList<ChannelRoi> Of(IReadOnlyList<StoredAttributionResult> results, IReadOnlyList<ChannelComparison> comparison,
        IReadOnlyDictionary<(DateOnly?, DateOnly?), IReadOnlyList<ChannelSpend>> spendByRange)
    {
        var expenseChannels = spendByRange.Values.SelectMany(s => s.Select(x => x.Channel)).Distinct(StringComparer.Ordinal).ToList();
        if (expenseChannels.Count == 0) return [];
        return [.. comparison.Select(row =>
        {
            string? expense = ChannelSpendMatcher.ExactColumn(row.Channel, expenseChannels);
            if (expense is null) return new ChannelRoi(row.Channel, null, null, [.. row.Models.Select(m => new ModelRoi(m.Model, m.Value, null, null))], "no expenses for this channel");
            var currencies = spendByRange.Values.SelectMany(s => s.Where(x => x.Channel == expense).Select(x => x.Currency)).Distinct(StringComparer.Ordinal).ToList();
            if (currencies.Count > 1)
                return new ChannelRoi(row.Channel, expense, null, [.. row.Models.Select(m => new ModelRoi(m.Model, m.Value, null, null))],
                    $"spend in several currencies ({string.Join(", ", currencies)}): no ROI");
            var models = row.Models.Select((m, i) =>
            {
                var spend = spendByRange[(results[i].Settings.From, results[i].Settings.To)].Where(x => x.Channel == expense).Sum(x => x.Spend);
                return new ModelRoi(m.Model, m.Value, spend, spend > 0 ? m.Value / spend : null);
            }).ToList();
            return new ChannelRoi(row.Channel, expense, currencies.SingleOrDefault(), models, models.All(m => m.Spend is not > 0) ? "no spend in the result's dates" : null);
        })];
    }
}
