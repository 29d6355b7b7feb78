namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>One channel's credit under one model.</summary>
public sealed record ModelCredit(string Model, double Conversions, double Value, double Share);

/// <summary>One channel across every model that has a stored result.</summary>
public sealed record ChannelComparison(string Channel, IReadOnlyList<ModelCredit> Models);

/// <summary>All models side by side, per channel: the rows of the comparison table and chart.</summary>
public static class AttributionComparison
{
    /// <summary>Channels in order of their mean share over the models, largest first; a model without the channel gives it 0.</summary>
    public static IReadOnlyList<ChannelComparison> Of(IReadOnlyList<StoredAttributionResult> results)
    {
        var channels = results.SelectMany(r => r.Result.Channels.Select(c => c.Channel)).Distinct(StringComparer.Ordinal).ToList();
        return [.. channels
            .Select(channel => new ChannelComparison(channel, [.. results.Select(r => r.Result[channel] is { } c
                ? new ModelCredit(r.Model, c.Conversions, c.Value, c.Share)
                : new ModelCredit(r.Model, 0, 0, 0))]))
            .OrderByDescending(c => c.Models.Average(m => m.Share)).ThenBy(c => c.Channel, StringComparer.Ordinal)];
    }
}
