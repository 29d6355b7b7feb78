using System.Globalization;

namespace MeiroMmm.Domain.Channels;

/// <summary>Two methods whose estimates for a channel are further apart than their uncertainty allows.</summary>
public sealed record ChannelDisagreement(string SourceA, string SourceB, string Message)
{
    /// <summary>
    /// Every pair of estimates whose 90% intervals do not overlap (a method without an interval counts as a point, so it
    /// disagrees when it lies outside the other's interval; two points are not compared, having no uncertainty).
    /// </summary>
    public static IReadOnlyList<ChannelDisagreement> Find(IReadOnlyList<ChannelEstimate> estimates)
    {
        var found = new List<ChannelDisagreement>();
        for (int i = 0; i < estimates.Count; i++)
            for (int j = i + 1; j < estimates.Count; j++)
            {
                var (a, b) = (estimates[i], estimates[j]);
                if (a.Low90 is null && b.Low90 is null) continue;
                var (aLow, aHigh) = a.Range; var (bLow, bHigh) = b.Range;
                if (aHigh >= bLow && bHigh >= aLow) continue;
                var (low, high) = aHigh < bLow ? (a, b) : (b, a);
                found.Add(new(a.Source, b.Source, string.Create(CultureInfo.InvariantCulture,
                    $"{high.Source} ({Describe(high)}) is above {low.Source} ({Describe(low)}), beyond their 90% intervals.")));
            }
        return found;
    }

    private static string Describe(ChannelEstimate e) => e.Low90 is { } lo && e.High90 is { } hi
        ? string.Create(CultureInfo.InvariantCulture, $"{e.Value:0.00}, 90%: {lo:0.00}–{hi:0.00}")
        : string.Create(CultureInfo.InvariantCulture, $"{e.Value:0.00}");
}
