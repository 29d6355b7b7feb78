using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Domain.Explainability;

namespace MeiroMmm.Tests.Domain;

public sealed class ExplainabilityTests
{
    private const double Tight = 1e-9;

    [Fact]
    public void Shapley_TwoFactors_IsTheSymmetricTextbookSplit()
    {
        // y = a·b from (2, 3) to (5, 4): Δa·(b0+b1)/2 = 3·3.5 = 10.5 and Δb·(a0+a1)/2 = 1·3.5 = 3.5; 10.5 + 3.5 = 20 − 6.
        var terms = ShapleyProductDecomposition.Decompose([2.0, 3.0], [5.0, 4.0]);
        Assert.Equal(10.5, terms[0], Tight);
        Assert.Equal(3.5, terms[1], Tight);
    }

    [Fact]
    public void Shapley_ThreeFactors_MatchesHandComputedOrderAverage()
    {
        // y = N·s·r from (100, 0.5, 0.1) = 5 to (200, 0.25, 0.2) = 10. Averaging the six orders by hand:
        // volume = [ (1/3)·ΔN·s0·r0 + (1/6)·ΔN·(s1·r0 + s0·r1) + (1/3)·ΔN·s1·r1 ] = (1/3)·5 + (1/6)·(2.5+10) + (1/3)·5 = 5.4166…
        var terms = ShapleyProductDecomposition.Decompose([100.0, 0.5, 0.1], [200.0, 0.25, 0.2]);
        Assert.Equal(10.0 / 3 + 12.5 / 6, terms[0], Tight);
        Assert.Equal(5.0, terms.Sum(), Tight);
        // mix = (1/3)·Δs·N0·r0 + (1/6)·Δs·(N1·r0 + N0·r1) + (1/3)·Δs·N1·r1 = −(1/3)·2.5 − (1/6)·(5 + 5) − (1/3)·10
        Assert.Equal(-2.5 / 3 - 10.0 / 6 - 10.0 / 3, terms[1], Tight);
    }

    [Fact]
    public void Conversions_TermsAndSegments_SumExactlyToTheChange_WithAChannelInOnlyOnePeriod()
    {
        // Compare: 100 journeys, search 60 (6 conv), email 40 (8 conv). Current: 150 journeys, search 90 (9), social 60 (3).
        var compare = new[] { new SegmentTotals("search", 60, 6, 600), new SegmentTotals("email", 40, 8, 400) };
        var current = new[] { new SegmentTotals("search", 90, 9, 990), new SegmentTotals("social", 60, 3, 150) };
        var d = ChangeDecomposer.Conversions(compare, current);
        Assert.Equal(14, d.Compare, Tight);
        Assert.Equal(12, d.Current, Tight);
        Assert.Equal(-2, d.Change, Tight);
        Assert.Equal(-2, d.Terms.Sum(t => t.Value), Tight);
        Assert.Equal(-2, d.Segments.Sum(s => s.Change), Tight);
        Assert.Equal(0, d.Residual, Tight);
        // search keeps its 60% share and 10% rate, so its +3 is pure volume.
        var search = d.Segments.Single(s => s.Key == "search");
        Assert.Equal(3, search.Terms["volume"], Tight);
        Assert.Equal(0, search.Terms["mix"], Tight);
        Assert.Equal(0, search.Terms["conversion_rate"], Tight);
        // A channel that appears or disappears has no rate change: its whole change is volume and mix.
        var social = d.Segments.Single(s => s.Key == "social");
        Assert.Equal(SegmentPresence.CurrentOnly, social.Presence);
        Assert.Equal(0, social.Terms["conversion_rate"], Tight);
        Assert.Equal(3, social.Terms["volume"] + social.Terms["mix"], Tight);
        // social: N 100→150, share 0→0.4, rate 0.05 both: volume = ½·50·0.4·0.05 = 0.5, mix = ½·(100+150)·0.4·0.05 = 2.5
        Assert.Equal(0.5, social.Terms["volume"], Tight);
        Assert.Equal(2.5, social.Terms["mix"], Tight);
        var email = d.Segments.Single(s => s.Key == "email");
        Assert.Equal(SegmentPresence.CompareOnly, email.Presence);
        Assert.Equal(-8, email.Change, Tight);
        Assert.Equal("email", d.TopContributors[0].Key);
        Assert.Equal(0.4 * 0 - 8.0 / 14, email.ShareCurrent - email.ShareCompare, Tight);
    }

    [Fact]
    public void Value_HasAFourthTerm_AndStillSumsExactly()
    {
        var compare = new[] { new SegmentTotals("search", 60, 6, 600), new SegmentTotals("email", 40, 8, 400) };
        var current = new[] { new SegmentTotals("search", 90, 9, 990), new SegmentTotals("email", 10, 1, 30), new SegmentTotals("social", 60, 3, 150) };
        var d = ChangeDecomposer.Value(compare, current);
        Assert.Equal(1000, d.Compare, Tight);
        Assert.Equal(1170, d.Current, Tight);
        Assert.Equal(170, d.Terms.Sum(t => t.Value), Tight);
        Assert.Equal(["volume", "mix", "conversion_rate", "value_per_conversion"], d.Terms.Select(t => t.Key));
        // search: only its value per conversion moved (100 → 110) after the volume step, so it is non-zero.
        Assert.True(d.Segments.Single(s => s.Key == "search").Terms["value_per_conversion"] > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnEmptyPeriod_IsAllVolume_AndSumsExactly(bool compareEmpty)
    {
        var data = new[] { new SegmentTotals("search", 60, 6, 600), new SegmentTotals("email", 40, 8, 400) };
        SegmentTotals[] none = [];
        var d = compareEmpty ? ChangeDecomposer.Conversions(none, data) : ChangeDecomposer.Conversions(data, none);
        Assert.Equal(compareEmpty ? 14 : -14, d.Change, Tight);
        Assert.Equal(d.Change, d.Terms.Single(t => t.Key == "volume").Value, Tight);
        Assert.Equal(0, d.Terms.Single(t => t.Key == "mix").Value, Tight);
        Assert.Equal(0, d.Terms.Single(t => t.Key == "conversion_rate").Value, Tight);
        Assert.Equal(compareEmpty ? null : -1.0, d.PercentChange);
    }

    [Fact]
    public void TwoEmptyPeriods_HaveZeroEverything()
    {
        var d = ChangeDecomposer.Value([], []);
        Assert.Equal(0, d.Change);
        Assert.All(d.Terms, t => Assert.Equal(0, t.Value));
        Assert.Empty(d.TopContributors);
    }

    [Fact]
    public void Roas_SplitsIntoSpendMixAndChannelRoas_Exactly_AndIsNullWithoutSpend()
    {
        // Compare: search spend 100 value 300, email spend 100 value 100 → ROAS 2. Current: search 300 → 900, email gone, social 100 → 50 → ROAS 950/400.
        var compare = new[] { new SegmentTotals("search", 60, 6, 300, 100), new SegmentTotals("email", 40, 8, 100, 100), new SegmentTotals("direct", 10, 1, 999) };
        var current = new[] { new SegmentTotals("search", 90, 9, 900, 300), new SegmentTotals("social", 60, 3, 50, 100) };
        var d = ChangeDecomposer.Roas(compare, current);
        Assert.NotNull(d);
        Assert.Equal(2.0, d.Compare, Tight);   // direct has no spend: its value is not "return on spend"
        Assert.Equal(950.0 / 400, d.Current, Tight);
        Assert.Equal(950.0 / 400 - 2, d.Terms.Sum(t => t.Value), Tight);
        // search's own ROAS stayed at 3, so its change is all spend mix: ½·(0.75 − 0.5)·(3 + 3) = 0.75.
        Assert.Equal(0.75, d.Segments.Single(s => s.Key == "search").Terms["spend_mix"], Tight);
        Assert.Equal(0, d.Segments.Single(s => s.Key == "search").Terms["channel_roas"], Tight);
        Assert.Null(ChangeDecomposer.Roas([new SegmentTotals("search", 1, 1, 1)], current));
    }

    [Fact]
    public void Accumulator_SplitsEachJourneyLinearly_AndKeepsTotals()
    {
        var acc = new SegmentCreditAccumulator();
        acc.Add(["search", "email", "search"], converted: true, value: 90);
        acc.Add(["email"], converted: false, value: 0);
        acc.Add([], converted: true, value: 10);
        var totals = acc.Totals(new Dictionary<string, double> { ["search"] = 50, ["tv"] = 20 }).ToDictionary(t => t.Key);
        Assert.Equal(2.0 / 3, totals["search"].Journeys, Tight);
        Assert.Equal(60, totals["search"].Value, Tight);
        Assert.Equal(50, totals["search"].Spend);
        Assert.Equal(1 + 1.0 / 3, totals["email"].Journeys, Tight);
        Assert.Equal(1.0 / 3, totals["email"].Conversions, Tight);
        Assert.Equal(10, totals[SegmentCreditAccumulator.NoTouchpoints].Value, Tight);
        Assert.Equal(0, totals["tv"].Journeys);   // spend without journeys still counts for ROAS
        Assert.Equal(3, totals.Values.Sum(t => t.Journeys), Tight);
        Assert.Equal(2, totals.Values.Sum(t => t.Conversions), Tight);
        Assert.Equal(3, acc.JourneyCount);
        Assert.Equal(4, acc.TouchpointCount);
    }

    [Fact]
    public void Accumulator_AddingADistinctPathOnce_EqualsAddingEachOfItsJourneys()
    {
        var byJourney = new SegmentCreditAccumulator();
        byJourney.Add(["search", "email", "search"], converted: true, value: 90);
        byJourney.Add(["search", "email", "search"], converted: true, value: 30);
        byJourney.Add(["search", "email", "search"], converted: false, value: 0);
        byJourney.Add(["display"], converted: false, value: 0);
        var byPath = new SegmentCreditAccumulator();
        byPath.AddPath(["search", "email", "search"], conversions: 2, nonConversions: 1, value: 120);
        byPath.AddPath(["display"], conversions: 0, nonConversions: 1, value: 0);
        byPath.AddPath(["tv"], conversions: 0, nonConversions: 0, value: 0);   // an empty row adds nothing
        var a = byJourney.Totals().ToDictionary(t => t.Key);
        var b = byPath.Totals().ToDictionary(t => t.Key);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys)
        {
            Assert.Equal(a[key].Journeys, b[key].Journeys, Tight);
            Assert.Equal(a[key].Conversions, b[key].Conversions, Tight);
            Assert.Equal(a[key].Value, b[key].Value, Tight);
        }
        Assert.Equal((byJourney.JourneyCount, byJourney.TouchpointCount), (byPath.JourneyCount, byPath.TouchpointCount));
    }

    [Fact]
    public void DqConfidence_ByHand()
    {
        // match 0.9 → (0.9−0.5)/0.5 = 0.8; 60 h → (168−60)/144 = 0.75; missing 2% → 0.8; duplicates 1% → 0.8.
        // 100·(0.4·0.8 + 0.2·0.75 + 0.2·0.8 + 0.2·0.8) = 79 → Medium.
        var dq = DataQualityConfidence.From(new DataQualityInputs(0.9, 60, 0.02, 0.01));
        Assert.Equal(79, dq.Score!.Value, Tight);
        Assert.Equal(DataQualityConfidence.Medium, dq.Band);
        // Without freshness its 0.2 is shared out: (0.4·0.8 + 0.2·0.8 + 0.2·0.8)/0.8 = 0.8 → 80.
        Assert.Equal(80, DataQualityConfidence.From(new DataQualityInputs(0.9, null, 0.02, 0.01)).Score!.Value, Tight);
        Assert.Equal(100, DataQualityConfidence.From(new DataQualityInputs(1, 3, 0, 0)).Score!.Value, Tight);
        Assert.Equal(DataQualityConfidence.VeryLow, DataQualityConfidence.From(new DataQualityInputs(0.5, 500, 0.2, 0.2)).Band);
        Assert.Equal(DataQualityConfidence.Low, DataQualityConfidence.BandOf(50));
        var none = DataQualityConfidence.From(new DataQualityInputs(null, null, null, null));
        Assert.Null(none.Score);
        Assert.Equal(DataQualityConfidence.NotMeasured, none.Band);
    }

    [Fact]
    public void Comparability_IsHigh_WithNoReasons()
    {
        var c = ComparabilityAssessor.Assess(1000, 1200, 90, 88, new ConfigChange(1, "a", 1, "a", []), new TaxonomyChange(1, 1, 500, 0));
        Assert.Equal(Comparability.High, c.Level);
        Assert.Empty(c.Reasons);
    }

    [Fact]
    public void Comparability_EmptyPeriod_IsLow()
    {
        var c = ComparabilityAssessor.Assess(0, 1200, null, null, null, null);
        Assert.Equal(Comparability.Low, c.Level);
        Assert.Equal("empty_period", Assert.Single(c.Reasons).Code);
    }

    [Fact]
    public void Comparability_ConfigChange_IsMedium_WithItsDiff()
    {
        var changes = JsonDiff.Compare(JsonNode.Parse("""{"windows":{"click_lookback_days":30}}"""), JsonNode.Parse("""{"windows":{"click_lookback_days":45}}"""));
        var c = ComparabilityAssessor.Assess(1000, 1000, null, null, new ConfigChange(1, "Default", 2, "Longer", changes), null);
        Assert.Equal(Comparability.Medium, c.Level);
        var reason = Assert.Single(c.Reasons);
        Assert.Equal("config_changed", reason.Code);
        Assert.Equal(["windows.click_lookback_days 30 → 45"], reason.Details);
        Assert.Contains("#1 Default → #2 Longer", reason.Message);
    }

    [Theory]
    [InlineData(1000, 20, "medium")]    // 2% moved
    [InlineData(1000, 50, "low")]       // 5% moved
    [InlineData(1000, 0, "high")]       // changed but nothing moved: an info reason only
    public void Comparability_TaxonomyChange_GradesByTouchpointsMoved(int touchpoints, int moved, string level)
    {
        var c = ComparabilityAssessor.Assess(1000, 1000, null, null, null, new TaxonomyChange(1, 2, touchpoints, moved));
        Assert.Equal(level, c.Level);
        var reason = Assert.Single(c.Reasons);
        Assert.Equal("taxonomy_changed", reason.Code);
        Assert.Contains($"{moved:N0}", reason.Message);
    }

    [Theory]
    [InlineData(1000, 2000, "medium")]
    [InlineData(1000, 500, "medium")]
    [InlineData(1000, 1999, "high")]
    [InlineData(1000, 501, "high")]
    public void Comparability_VolumeDoubledOrHalved_IsMedium(int compare, int current, string level)
    {
        var c = ComparabilityAssessor.Assess(compare, current, null, null, null, null);
        Assert.Equal(level, c.Level);
        if (level == "medium") Assert.Equal("volume_shift", Assert.Single(c.Reasons).Code);
    }

    [Theory]
    [InlineData(90, 80, "medium")]
    [InlineData(90, 81, "high")]
    [InlineData(70, 45, "low")]
    public void Comparability_DqDrop(double before, double after, string level)
    {
        var c = ComparabilityAssessor.Assess(1000, 1000, before, after, null, null);
        Assert.Equal(level, c.Level);
        if (level != "high") Assert.Equal("dq_dropped", Assert.Single(c.Reasons).Code);
    }

    [Fact]
    public void Narrative_NumbersComeFromTheFields()
    {
        var compare = new[] { new SegmentTotals("search", 60, 6, 600), new SegmentTotals("email", 40, 8, 400) };
        var current = new[] { new SegmentTotals("search", 90, 9, 990), new SegmentTotals("social", 60, 3, 150) };
        var conversions = ChangeDecomposer.Conversions(compare, current);
        var value = ChangeDecomposer.Value(compare, current);
        var comparability = ComparabilityAssessor.Assess(100, 150, null, null, null, null);
        var dq = DataQualityConfidence.From(new DataQualityInputs(0.9, 60, 0.02, 0.01));
        var sentences = ChangeNarrative.Build("channel", conversions, value, null, comparability, dq, dq);
        Assert.Equal("Conversions fell from 14 to 12, a change of −2 (-14.3%).", sentences[0].Text);
        Assert.Contains("metrics.conversions.change", sentences[0].Sources);
        Assert.Contains($"{ChangeNarrative.Signed(conversions.Terms[0].Value, ChangeNarrative.Count)} came from journey volume", sentences[1].Text);
        Assert.Contains("is email: 8 → 0 (−8), absent from the current period", sentences[2].Text);
        Assert.Contains("79/100 (Medium)", sentences[^1].Text);
        Assert.All(sentences, s => Assert.NotEmpty(s.Sources));
    }
}
