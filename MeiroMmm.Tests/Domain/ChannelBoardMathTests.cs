using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Channels;
using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Tests.Domain;

/// <summary>The channel board's pure parts: name matching across methods, incremental ROAS and disagreement flags, by hand.</summary>
public sealed class ChannelBoardMathTests
{
    [Theory]
    [InlineData("search_spend", "Paid Search", true)]
    [InlineData("email_spend", "email", true)]
    [InlineData("email_spend", "Email", true)]
    [InlineData("tv_spend", "TV", true)]
    [InlineData("social_spend", "Paid Social", true)]
    [InlineData("search_spend", "Paid Social", false)]
    [InlineData("display_spend", "Affiliate", false)]
    [InlineData("spend", "email", false)]
    public void SpendColumnSuggestion_MatchesByWords(string column, string channel, bool expected) =>
        Assert.Equal(expected ? column : null, ChannelSpendMatcher.SuggestColumn(channel, [column]));

    [Fact]
    public void SpendColumnSuggestion_PrefersTheExactWords()
    {
        Assert.Equal("paid_search_spend", ChannelSpendMatcher.SuggestColumn("Paid Search", ["search_spend", "paid_search_spend"]));
        Assert.Null(ChannelSpendMatcher.SuggestColumn("Affiliate", ["search_spend", "tv_spend"]));
    }

    [Fact]
    public void StoredMapping_WinsOverTheSuggestion_ByChannelIgnoringCase()
    {
        string[] columns = ["search_spend", "social_spend", "email_spend"];
        var stored = new Dictionary<string, string?> { ["paid_search"] = "social_spend", ["email"] = null, ["push"] = "email_spend", ["tv"] = "tv_spend" };
        var resolved = ChannelSpendMatcher.Resolve(["paid_search", "Email", "PUSH", "paid_social", "tv"], columns, stored);
        Assert.Equal(
            [("paid_search", "social_spend", true),   // saved, even against the name
             ("Email", null, true),                   // saved as not compared; case ignored
             ("PUSH", "email_spend", true),           // a saved link the name would never suggest
             ("paid_social", "social_spend", false),  // not saved: the name suggestion
             ("tv", null, true)],                     // saved to a column this dataset does not have: not compared
            resolved.Select(r => (r.Channel, r.SpendColumn, r.Saved)));
    }

    [Fact]
    public void IncrementalRoas_IsUpliftTimesTreatedOverSpend()
    {
        // 0.8 more value per treated profile over 5 000 treated profiles is 4 000 extra value; on 2 000 spend that is 2.0, se 0.2 × 5000 / 2000 = 0.5.
        var roas = IncrementalRoas.FromExperiment(0.8, 0.2, 5_000, 2_000);
        Assert.Equal(2.0, roas.Estimate, 12);
        Assert.Equal(0.5, roas.StandardError, 12);
        var estimate = IncrementalRoas.ToEstimate("test", roas);
        Assert.Equal(2.0 - 1.6448536269514722 * 0.5, estimate.Low90!.Value, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => IncrementalRoas.FromExperiment(0.8, 0.2, 5_000, 0));
    }

    [Fact]
    public void Pool_OfTwoEqualPrecisionTests_IsTheirMean()
    {
        // Equal se and estimates 1 apart with se 1: Q = 0.5 < df = 1, so τ² = 0 and the pool is the plain mean with se 1/√2.
        var pooled = IncrementalRoas.Pool([new EffectEstimate(2, 1), new EffectEstimate(3, 1)]);
        Assert.Equal(2.5, pooled.Estimate, 12);
        Assert.Equal(1 / Math.Sqrt(2), pooled.StandardError, 12);
    }

    [Fact]
    public void Disagreement_WhenIntervalsDoNotOverlap_OrAPointLiesOutside()
    {
        var mmm = new ChannelEstimate("MMM", 2.0, 1.5, 2.5);
        var experiments = new ChannelEstimate("experiments", 4.0, 3.0, 5.0);
        var attribution = new ChannelEstimate("attribution", 2.2);
        var found = ChannelDisagreement.Find([attribution, mmm, experiments]);
        // attribution 2.2 lies inside MMM's 1.5–2.5 (agree) and below experiments' 3.0–5.0 (disagree); MMM and experiments do not overlap.
        Assert.Equal(2, found.Count);
        Assert.Contains(found, d => d.SourceA == "attribution" && d.SourceB == "experiments");
        Assert.Contains(found, d => d.SourceA == "MMM" && d.SourceB == "experiments" && d.Message.StartsWith("experiments (4.00, 90%: 3.00–5.00) is above MMM"));
    }

    [Fact]
    public void NoDisagreement_WhenIntervalsTouch_OrOnlyPointsAreCompared()
    {
        Assert.Empty(ChannelDisagreement.Find([new("a", 2, 1, 3), new("b", 4, 3, 5)]));
        Assert.Empty(ChannelDisagreement.Find([new("a", 2), new("b", 9)]));
    }
}
