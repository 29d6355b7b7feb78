using System.Text.Json;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

/// <summary>Every model against the exact figures in Reference/attribution (expected.json on PathData, small_case.json).</summary>
public sealed class AttributionModelTests
{
    private static readonly Lazy<IReadOnlyList<AggregatedPath>> PathData = new(() =>
    {
        using var reader = new StreamReader(ReferenceFiles.PathOf("attribution/path_data.csv"));
        return AggregatedPathCsvReader.Read(reader);
    });

    private static readonly JsonElement Expected = ReferenceFiles.Json("attribution/expected.json");
    private static readonly JsonElement Small = ReferenceFiles.Json("attribution/small_case.json");

    private static IReadOnlyList<AggregatedPath> SmallPaths() =>
        [.. Small.GetProperty("paths").EnumerateArray().Select(p => new AggregatedPath(
            AggregatedPath.ParseChannels(p.GetProperty("path").GetString() ?? ""),
            p.GetProperty("total_conversions").GetDouble(), p.GetProperty("total_conversion_value").GetDouble(), p.GetProperty("total_null").GetDouble(),
            [.. p.GetProperty("touch_days_before_conversion").EnumerateArray().Select(d => d.GetDouble())]))];

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1e-300, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    /// <summary>Every channel's conversions and value (and share when present) in <paramref name="expected"/>.</summary>
    private static int AssertChannels(JsonElement expected, AttributionResult actual, double tolerance)
    {
        int checkedFigures = 0;
        Assert.Equal(expected.EnumerateObject().Count(), actual.Channels.Count);
        foreach (var channel in expected.EnumerateObject())
        {
            var credit = actual[channel.Name] ?? throw new Xunit.Sdk.XunitException($"channel {channel.Name} missing");
            AssertRelative(channel.Value.GetProperty("conversions").GetDouble(), credit.Conversions, tolerance, $"{actual.Model} {channel.Name} conversions");
            AssertRelative(channel.Value.GetProperty("value").GetDouble(), credit.Value, tolerance, $"{actual.Model} {channel.Name} value");
            checkedFigures += 2;
            if (channel.Value.TryGetProperty("share", out var share)) { AssertRelative(share.GetDouble(), credit.Share, tolerance, $"{channel.Name} share"); checkedFigures++; }
        }
        return checkedFigures;
    }

    private static void AssertSumRule(AttributionResult result)
    {
        AssertRelative(result.TotalConversions, result.Channels.Sum(c => c.Conversions), 1e-9, $"{result.Model} conversions sum");
        AssertRelative(result.TotalValue, result.Channels.Sum(c => c.Value), 1e-9, $"{result.Model} value sum");
        AssertRelative(1, result.Channels.Sum(c => c.Share), 1e-9, $"{result.Model} share sum");
    }

    public static TheoryData<string> Heuristics => ["first_touch", "last_touch", "linear", "position_based"];

    private static AttributionResult Heuristic(string name, IReadOnlyList<AggregatedPath> paths) => name switch
    {
        "first_touch" => HeuristicModels.FirstTouch(paths),
        "last_touch" => HeuristicModels.LastTouch(paths),
        "linear" => HeuristicModels.Linear(paths),
        _ => HeuristicModels.PositionBased(paths),
    };

    [Theory, MemberData(nameof(Heuristics))]
    public void Heuristic_OnPathData_MatchesExpected(string model)
    {
        var result = Heuristic(model, PathData.Value);
        AssertChannels(Expected.GetProperty("heuristics").GetProperty(model), result, 1e-12);
        AssertRelative(Expected.GetProperty("totals").GetProperty("conversions").GetDouble(), result.TotalConversions, 1e-15, "total conversions");
        AssertRelative(Expected.GetProperty("totals").GetProperty("value").GetDouble(), result.TotalValue, 1e-12, "total value");
        AssertSumRule(result);
    }

    [Theory, MemberData(nameof(Heuristics))]
    public void Heuristic_OnSmallCase_MatchesExpected(string model)
    {
        var result = Heuristic(model, SmallPaths());
        AssertChannels(Small.GetProperty("heuristics").GetProperty(model), result, 1e-12);
        AssertSumRule(result);
    }

    [Fact]
    public void TimeDecay_OnSmallCase_MatchesExpected_FromPathsAndFromJourneys()
    {
        var expected = Small.GetProperty("heuristics").GetProperty("time_decay_half_life_7d").GetProperty("channels");
        var fromPaths = HeuristicModels.TimeDecay(SmallPaths(), 7);
        AssertChannels(expected, fromPaths, 1e-12);
        AssertSumRule(fromPaths);
        Assert.Equal(365.0 / 273, fromPaths["A"]!.Conversions, 1e-12);

        var journeys = Small.GetProperty("journeys_product_contract").EnumerateArray().Select(j => new Journey(
            j.GetProperty("customer_id").GetString() ?? "",
            [.. j.GetProperty("touchpoints").EnumerateArray().Select(t => new Touchpoint(t.GetProperty("channel").GetString() ?? "", DateTimeOffset.Parse(t.GetProperty("timestamp").GetString() ?? "", System.Globalization.CultureInfo.InvariantCulture)))],
            j.GetProperty("conversion_value").GetDouble(), j.GetProperty("converted").GetBoolean())).ToList();
        var aggregated = PathAggregator.Aggregate(journeys, byTouchAges: true);
        AssertChannels(expected, HeuristicModels.TimeDecay(aggregated, 7), 1e-12);
        // Grouped by sequence only, the 15 journeys are the 5 distinct paths and give the same Markov result.
        var bySequence = PathAggregator.Aggregate(journeys);
        Assert.Equal(5, bySequence.Count);
        AssertChannels(Small.GetProperty("markov").GetProperty("order_1_collapsed").GetProperty("channels"), MarkovRemovalModel.Attribute(bySequence), 1e-9);
    }

    [Fact]
    public void TimeDecay_WithoutTimestamps_FallsBackToPosition_AndKeepsTheSumRule()
    {
        var result = HeuristicModels.TimeDecay(PathData.Value, 7);
        AssertSumRule(result);
        // a > b: ages 1 and 0 days → weights 2^(−1/7) and 1.
        var two = HeuristicModels.TimeDecay([new AggregatedPath(["a", "b"], 1, 10, 0)], 7);
        Assert.Equal(Math.Pow(2, -1.0 / 7) / (1 + Math.Pow(2, -1.0 / 7)), two["a"]!.Conversions, 1e-15);
    }

    public static TheoryData<string> MarkovKeys =>
    [
        "order_1_collapsed", "order_1_not_collapsed", "order_2_padded_collapsed", "order_2_padded_not_collapsed",
        "order_2_channelattribution_window", "order_3_padded_collapsed", "order_3_padded_not_collapsed", "order_3_channelattribution_window",
    ];

    [Theory, MemberData(nameof(MarkovKeys))]
    public void Markov_OnPathData_MatchesExactReference(string key)
    {
        var expected = Expected.GetProperty("markov").GetProperty(key);
        int order = expected.GetProperty("order").GetInt32();
        // The window convention has the same removal effects as padded tuples with repeats kept (README): the product's.
        bool collapse = expected.GetProperty("dedupe").GetString() == "channels";
        var result = MarkovRemovalModel.Attribute(PathData.Value, order, collapse);
        AssertRelative(expected.GetProperty("total_conversion_probability").GetDouble(), result.ConversionProbability ?? double.NaN, 1e-9, "P(conversion)");
        AssertRelative(19785.0 / 88387, result.ConversionProbability ?? double.NaN, 1e-12, "empirical conversion rate");
        foreach (var re in expected.GetProperty("removal_effects").EnumerateObject())
            AssertRelative(re.Value.GetDouble(), result.RemovalEffects?[re.Name] ?? double.NaN, 1e-9, $"RE {re.Name}");
        foreach (var p in expected.GetProperty("conversion_probability_without").EnumerateObject())
            AssertRelative(p.Value.GetDouble(), result.ConversionProbabilityWithout?[p.Name] ?? double.NaN, 1e-9, $"P without {p.Name}");
        AssertChannels(expected.GetProperty("channels"), result, 1e-9);
        AssertSumRule(result);
    }

    [Theory]
    [InlineData("order_1_collapsed", true)]
    [InlineData("order_1_not_collapsed", false)]
    public void Markov_Order1_TransitionMatrix_MatchesReference(string key, bool collapse)
    {
        var expected = Expected.GetProperty("markov").GetProperty(key).GetProperty("transition_matrix");
        var matrix = MarkovRemovalModel.Attribute(PathData.Value, 1, collapse).TransitionMatrix ?? throw new Xunit.Sdk.XunitException("no matrix");
        Assert.Equal(expected.EnumerateObject().Count(), matrix.Count);
        foreach (var row in expected.EnumerateObject())
        {
            Assert.Equal(row.Value.EnumerateObject().Count(), matrix[row.Name].Count);
            foreach (var cell in row.Value.EnumerateObject())
                AssertRelative(cell.Value.GetDouble(), matrix[row.Name][cell.Name], 1e-12, $"{row.Name}→{cell.Name}");
        }
    }

    [Fact]
    public void Markov_OnSmallCase_MatchesRationals_AndTheVignetteExample()
    {
        var result = MarkovRemovalModel.Attribute(SmallPaths());
        Assert.Equal(1.0 / 3, result.ConversionProbability ?? double.NaN, 1e-15);
        Assert.Equal(11.0 / 21, result.RemovalEffects?["A"] ?? double.NaN, 1e-14);
        Assert.Equal(82.0 / 105, result.RemovalEffects?["B"] ?? double.NaN, 1e-14);
        Assert.Equal(111.0 / 245, result.RemovalEffects?["C"] ?? double.NaN, 1e-14);
        AssertChannels(Small.GetProperty("markov").GetProperty("order_1_collapsed").GetProperty("channels"), result, 1e-12);
        AssertSumRule(result);

        // ChannelAttribution's 2015 vignette: RE A = 1, B = 0.5; credits A = 2, B = 1.
        var vignette = MarkovRemovalModel.Attribute(
        [
            new AggregatedPath(["A", "B", "A", "B", "B", "A"], 1, 1, 0), new AggregatedPath(["A", "B", "B", "A", "A"], 1, 1, 0), new AggregatedPath(["A", "A"], 1, 1, 0),
        ]);
        Assert.Equal(1, vignette.RemovalEffects?["A"] ?? double.NaN, 1e-14);
        Assert.Equal(0.5, vignette.RemovalEffects?["B"] ?? double.NaN, 1e-14);
        Assert.Equal(2, vignette["A"]!.Conversions, 1e-13);
    }

    [Fact]
    public void Markov_Order4_KeepsTheSumRule_AndTheEmpiricalConversionRate()
    {
        var result = MarkovRemovalModel.Attribute(PathData.Value, 4);
        AssertRelative(19785.0 / 88387, result.ConversionProbability ?? double.NaN, 1e-12, "P(conversion)");
        AssertSumRule(result);
    }

    [Fact]
    public void Shapley_SetGame_OnPathData_MatchesExpected()
    {
        var result = ShapleyModel.SetGame(PathData.Value);
        AssertChannels(Expected.GetProperty("shapley").GetProperty("conversions_set_game").GetProperty("channels"), result, 1e-12);
        AssertRelative(3035471.0 / 840, result["eta"]!.Conversions, 1e-14, "eta rational");
        AssertSumRule(result);
    }

    [Fact]
    public void Shapley_ConversionRateGame_OnPathData_MatchesExpected()
    {
        var result = ShapleyModel.ConversionRateGame(PathData.Value);
        AssertChannels(Expected.GetProperty("shapley").GetProperty("conversion_rate_set_game").GetProperty("channels"), result, 1e-9);
        AssertSumRule(result);
    }

    /// <summary>
    /// By hand, small case: converting channel sets {A,B,C} 2 conv, {A,B} 1, {B} 1, {A,C} 1. With v(S) = conversions of
    /// journeys whose set ⊆ S: v(A)=0, v(B)=1, v(C)=0, v(AB)=2, v(AC)=1, v(BC)=1, v(ABC)=5. Shapley of A =
    /// (1/3)[v(A)−0] + (1/6)[v(AB)−v(B)] + (1/6)[v(AC)−v(C)] + (1/3)[v(ABC)−v(BC)] = 0 + 1/6 + 1/6 + 4/3 = 5/3;
    /// B = (1/3)·1 + (1/6)·2 + (1/6)·1 + (1/3)·4 = 13/6; C = 0 + (1/6)·1 + (1/6)·(−1+1)… = 5 − 5/3 − 13/6 = 7/6.
    /// Conversion-rate game: CR{A,B,C} = 1/2, CR{A,B} = 1/2, CR{B} = 1/4, CR{A,C} = 1, CR{B,C} = 0 → φ_A = 11/12, φ_B = 2/3, φ_C = 2/3.
    /// </summary>
    [Fact]
    public void Shapley_ThreeChannels_EqualsTheHandComputation()
    {
        var set = ShapleyModel.SetGame(SmallPaths());
        Assert.Equal(5.0 / 3, set["A"]!.Conversions, 1e-14);
        Assert.Equal(13.0 / 6, set["B"]!.Conversions, 1e-14);
        Assert.Equal(7.0 / 6, set["C"]!.Conversions, 1e-14);
        AssertSumRule(set);
        var rate = ShapleyModel.ConversionRateGame(SmallPaths());
        double sum = 11.0 / 12 + 2.0 / 3 + 2.0 / 3;
        Assert.Equal(5 * (11.0 / 12) / sum, rate["A"]!.Conversions, 1e-14);
        Assert.Equal(5 * (2.0 / 3) / sum, rate["B"]!.Conversions, 1e-14);
        AssertSumRule(rate);
    }

    [Fact]
    public void CsvReader_NamesRowAndColumn_OfABadCell()
    {
        var error = Assert.Throws<AggregatedPathCsvException>(() => AggregatedPathCsvReader.Read(new StringReader(
            "path,total_conversions,total_conversion_value,total_null\na > b,1,2,3\nb,x,1,0\n")));
        Assert.Contains("row 2, column total_conversions", error.Message);
    }
}
