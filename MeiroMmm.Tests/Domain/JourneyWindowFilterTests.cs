using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Tests.Domain;

/// <summary>Lookback windows, conversion latency and eligibility on journeys whose every touch is placed by hand.</summary>
public sealed class JourneyWindowFilterTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset Day(int month, int day) => new(2026, month, day, 0, 0, 0, TimeSpan.Zero);

    // A converts on 1 Feb: display impression 12 days before (outside the 7-day impression window), paid search
    // 27 days before (inside 30), email 43 days before (outside), direct 1 day before (inside), social after it (out).
    private static readonly Journey A = new("a",
    [
        new("display", Day(1, 20), EventType: "impression"), new("paid_search", Day(1, 5), EventType: "click"),
        new("email", new DateTimeOffset(2025, 12, 20, 0, 0, 0, TimeSpan.Zero)), new("direct", Day(1, 31)), new("organic_social", Day(2, 2)),
    ], 100, true, "o-a", Day(2, 1));
    // B did not convert and its last touch is 4 days before the cut-off (< 7-day latency): still open, left out.
    private static readonly Journey B = new("b", [new("email", Day(2, 25))], 0, false);
    // C did not convert, last touch 19 days before the cut-off: a null path. Its video view is 9 days before that last touch.
    private static readonly Journey C = new("c", [new("video", Day(2, 1), EventType: "view"), new("email", Day(2, 10))], 0, false);
    // D converts with only an impression 10 days before: nothing eligible remains.
    private static readonly Journey D = new("d", [new("display", Day(1, 22), EventType: "impression")], 50, true, "o-d", Day(2, 1));

    [Fact]
    public void DefaultWindows_DropTouchesOutsideTheirLookback_AndOpenJourneys()
    {
        var filter = new JourneyWindowFilter(AttributionWindows.Default, TouchpointEligibility.All, AsOf);
        var kept = new[] { A, B, C, D }.Select(filter.Apply).OfType<Journey>().ToList();

        Assert.Equal(["a", "c"], kept.Select(j => j.CustomerId));
        Assert.Equal(["paid_search", "direct"], kept[0].Touchpoints.Select(t => t.Channel));
        Assert.Equal(["email"], kept[1].Touchpoints.Select(t => t.Channel));
        Assert.Equal(new WindowFilterCounts(JourneysIn: 4, JourneysUsed: 2, TouchesIn: 9, TouchesUsed: 3, OutsideLookback: 5, NotEligible: 0,
            ConversionsWithoutEligibleTouch: 1, OpenJourneys: 1), filter.Counts);

        // Linear on what is left: A's 100 split over paid search and direct; C is a null path.
        var result = HeuristicModels.Linear(PathAggregator.Aggregate(kept));
        Assert.Equal(1, result.TotalConversions);
        Assert.Equal(50, result["paid_search"]!.Value, 12);
        Assert.Equal(0.5, result["direct"]!.Conversions, 12);
    }

    [Fact]
    public void WiderWindows_AndEligibility_ChangeWhatCounts()
    {
        // 45-day clicks, 14-day impressions, no latency; direct excluded, only clicks and untyped touches allowed.
        var windows = new AttributionWindows(ClickLookbackDays: 45, ImpressionLookbackDays: 14, ConversionLatencyDays: 0);
        var eligibility = new TouchpointEligibility(ExcludeChannels: ["Direct"], ExcludeEventTypes: ["view"]);
        var filter = new JourneyWindowFilter(windows, eligibility, AsOf);
        var kept = new[] { A, B, C, D }.Select(filter.Apply).OfType<Journey>().ToList();

        // A: display (12 d ≤ 14), paid_search, email (43 ≤ 45) stay; direct is excluded; the touch after conversion is out.
        Assert.Equal(["display", "paid_search", "email"], kept[0].Touchpoints.Select(t => t.Channel));
        Assert.Equal(["b", "c", "d"], kept.Skip(1).Select(j => j.CustomerId));   // no latency: B counts as a null path
        Assert.Equal(["email"], kept[2].Touchpoints.Select(t => t.Channel));    // the video view is not eligible
        Assert.Equal(2, filter.Counts.NotEligible);
    }

    [Fact]
    public void IncludeList_KeepsOnlyItsChannels_AndWindowsRejectNonsense()
    {
        var filter = new JourneyWindowFilter(new AttributionWindows(3650, 3650, 0), new TouchpointEligibility(IncludeChannels: ["email"]), AsOf);
        Assert.Equal(["email"], filter.Apply(A)!.Touchpoints.Select(t => t.Channel));
        Assert.Null(filter.Apply(D));
        Assert.Equal(["click_lookback_days", "conversion_latency_days"], new AttributionWindows(0, 7, -1).Check().Select(e => e.Field));
    }
}
