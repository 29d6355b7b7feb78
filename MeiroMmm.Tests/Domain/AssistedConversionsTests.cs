using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Tests.Domain;

/// <summary>Assisted vs last-touch conversions per channel, against a count by hand.</summary>
public sealed class AssistedConversionsTests
{
    [Fact]
    public void Counts_EachConvertingJourneyOncePerRole_AndIgnoresNulls()
    {
        AggregatedPath P(string path, double conversions, double nulls = 0) => new(AggregatedPath.ParseChannels(path), conversions, 10 * conversions, nulls);
        var counts = AssistedConversions.Count([
            P("email > search", 5, nulls: 7),     // search closes 5, email assists 5
            P("email > email > search", 2),       // email repeated: assists 2 once, not 4
            P("search > email > search", 3),      // search both earlier and last: closes 3 and assists 3; email assists 3
            P("display", 4),                      // display closes 4, assists none
            P("social > display", 0, nulls: 9),   // no conversion: counts nowhere
        ]).ToDictionary(a => a.Channel);

        Assert.Equal((10.0, 3.0), (counts["search"].LastTouchConversions, counts["search"].AssistedConversions));
        Assert.Equal((0.0, 10.0), (counts["email"].LastTouchConversions, counts["email"].AssistedConversions));
        Assert.Equal((4.0, 0.0), (counts["display"].LastTouchConversions, counts["display"].AssistedConversions));
        Assert.False(counts.ContainsKey("social"));
        Assert.Null(counts["email"].AssistRatio);
        Assert.Equal(0.3, counts["search"].AssistRatio!.Value, 12);
        // Last-touch counts add up to all conversions (each converting journey has exactly one last touch).
        Assert.Equal(14.0, counts.Values.Sum(c => c.LastTouchConversions));
        Assert.Equal(["search", "email", "display"], AssistedConversions.Count([P("email > search", 5, 7), P("email > email > search", 2),
            P("search > email > search", 3), P("display", 4)]).Select(c => c.Channel));
    }
}
