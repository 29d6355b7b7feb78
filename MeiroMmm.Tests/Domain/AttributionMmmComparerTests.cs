using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Tests.Domain;

/// <summary>Attribution beside the MMM on a case computed by hand; the channel ↔ spend-column name match; the time-to-convert bins.</summary>
public sealed class AttributionMmmComparerTests
{
    [Fact]
    public void Compare_SumsChannelsPerSpendColumn_AndComputesBothSharesAmongMappedChannels()
    {
        var attribution = new AttributionResult("markov", 100, 1000,
        [
            new("paid_search", 50, 500, 0.5), new("brand_search", 10, 100, 0.1), new("paid_social", 30, 200, 0.3), new("direct", 10, 200, 0.1),
        ]);
        var mapping = new Dictionary<string, string> { ["paid_search"] = "search_spend", ["brand_search"] = "search_spend", ["paid_social"] = "social_spend" };
        MmmChannelFigures[] mmm =
        [
            new("search_spend", 1000, 300, 2.5, 1.5, 3.5), new("social_spend", 500, 100, 1.2, 0.4, 2.0), new("tv_spend", 2000, 600, 0.9, 0.2, 1.6),
        ];

        var (rows, unmapped, mmmOnly) = AttributionMmmComparer.Compare(attribution, mapping, mmm);

        // Mapped: 90 conversions, 800 value. search = 60 conversions (2/3), 600 value (3/4), ROI 600/1000;
        // social = 30 (1/3), 200 (1/4), ROI 200/500. MMM share among mapped columns: 300/400 and 100/400.
        Assert.Equal(["search_spend", "social_spend"], rows.Select(r => r.SpendColumn));
        var search = rows[0];
        Assert.Equal(["paid_search", "brand_search"], search.Channels);
        Assert.Equal((60.0, 600.0, 1000.0, 300.0), (search.AttributedConversions, search.AttributedValue, search.Spend, search.MmmContribution));
        Assert.Equal(2.0 / 3, search.ConversionShare, 12);
        Assert.Equal(0.75, search.ValueShare, 12);
        Assert.Equal(0.75, search.MmmShare, 12);
        Assert.Equal(0.6, search.AttributionRoi!.Value, 12);
        Assert.Equal((2.5, 1.5, 3.5), (search.RoasMean, search.RoasQ05, search.RoasQ95));
        var social = rows[1];
        Assert.Equal((1.0 / 3, 0.25, 0.25, 0.4), (social.ConversionShare, social.ValueShare, social.MmmShare, social.AttributionRoi!.Value));
        Assert.Equal(["direct"], unmapped);
        Assert.Equal(["tv_spend"], mmmOnly);
    }

    [Fact]
    public void Compare_WithoutSpend_HasNoRoi_AndWithoutMappingHasNoRows()
    {
        var attribution = new AttributionResult("linear", 1, 10, [new("email", 1, 10, 1)]);
        var row = Assert.Single(AttributionMmmComparer.Compare(attribution, new Dictionary<string, string> { ["email"] = "email_spend" },
            [new MmmChannelFigures("email_spend", 0, 5, 1, 0.5, 1.5)]).Rows);
        Assert.Null(row.AttributionRoi);
        Assert.Equal((1.0, 1.0), (row.ConversionShare, row.MmmShare));
        var none = AttributionMmmComparer.Compare(attribution, new Dictionary<string, string>(), [new MmmChannelFigures("email_spend", 10, 5, 1, 0.5, 1.5)]);
        Assert.Empty(none.Rows);
        Assert.Equal(["email"], none.Unmapped);
    }

    [Fact]
    public void Matcher_SuggestsByStemOrWord_AndNothingForUnpaidChannels()
    {
        string[] columns = ["tv_spend", "search_spend", "social_spend", "display_spend", "email_spend", "Affiliate Cost"];
        var suggested = ChannelSpendMatcher.Suggest(
            ["paid_search", "paid_social", "email", "display", "organic_search", "direct", "push", "affiliate", "unknown"], columns);
        Assert.Equal(
            [("paid_search", "search_spend"), ("paid_social", "social_spend"), ("email", "email_spend"), ("display", "display_spend"),
             ("organic_search", null), ("direct", null), ("push", null), ("affiliate", "Affiliate Cost"), ("unknown", null)],
            suggested.Select(s => (s.Channel, s.SpendColumn)));
        Assert.Equal("paidsocial", ChannelSpendMatcher.Stem("Paid-Social cost"));
    }

    [Fact]
    public void TimeToConvert_CountsIntoHalfOpenBins_AndSkipsNegativeDays()
    {
        var histogram = new TimeToConvertHistogram();
        foreach (double days in new[] { 0, 0.99, 1, 2.5, 6.99, 7, 89.9, 90, 400, -0.1, double.NaN }) histogram.Add(days);
        var bins = histogram.Bins();
        Assert.Equal(11, bins.Count);
        Assert.Equal([2L, 1, 1, 0, 1, 1, 0, 0, 0, 1, 2], bins.Select(b => b.Count));
        Assert.Equal(("0–1 d", "≥ 90 d"), (bins[0].Label, bins[^1].Label));
        Assert.Null(bins[^1].Upper);
        Assert.Equal(2, histogram.Skipped);
    }
}
