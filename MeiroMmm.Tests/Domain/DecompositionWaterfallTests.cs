using MeiroMmm.Domain.Mmm.Fitting;

namespace MeiroMmm.Tests.Domain;

public sealed class DecompositionWaterfallTests
{
    private static readonly IReadOnlyList<ContributionComponent> Parts =
    [
        new("search_spend", ContributionComponent.Channel, [1, 2, 3, 4]),
        new("baseline", ContributionComponent.Baseline, [10, 10, 10, 10]),
        new("price_index", ContributionComponent.Control, [-1, -1, -2, -2]),
        new("tv_spend", ContributionComponent.Channel, [5, 5, 5, 5]),
        new("seasonality", ContributionComponent.Seasonality, [2, 0, -2, 0]),
    ];

    [Fact]
    public void Build_SumsEachPartOverTheRange_InWaterfallOrder()
    {
        // Periods 1–3: baseline 30, seasonality −2, price −5, tv 15, search 9 → total 47.
        var w = DecompositionWaterfall.Build(Parts, 1, 3);
        Assert.Equal(["baseline", "seasonality", "price_index", "tv_spend", "search_spend"], w.Steps.Select(s => s.Name));
        Assert.Equal([30.0, -2, -5, 15, 9], w.Steps.Select(s => s.Value));
        Assert.Equal(47, w.Total);
        Assert.Equal(Parts.Sum(p => p.Values[1] + p.Values[2] + p.Values[3]), w.Total);
    }

    [Fact]
    public void Build_OutsideThePeriods_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DecompositionWaterfall.Build(Parts, 2, 4));
}
