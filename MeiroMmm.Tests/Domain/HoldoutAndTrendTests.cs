using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

public sealed class HoldoutAndTrendTests
{
    [Fact]
    public void Trend_EntersAsAControlRunningFromZeroToOneOverTheFittedPeriods()
    {
        var spec = ReferenceFiles.StandardSpec with { IncludeTrend = true };
        var wide = ReferenceFiles.StandardData();
        var train = ScaledMmmData.Prepare(ScaledMmmData.Head(wide, 100), spec);
        var full = ScaledMmmData.Prepare(wide, spec, scalesFrom: train);
        Assert.Equal(["price_index", "holiday", "trend"], train.ControlNames);
        Assert.Equal(0, train.Controls[2 * 100]);
        Assert.Equal(1, train.Controls[2 * 100 + 99], 1e-12);
        Assert.Equal(155 / 99.0, full.Controls[2 * 156 + 155], 1e-12);   // the hold-out continues the line
        Assert.Equal(train.ChannelScales, full.ChannelScales);
        Assert.Equal(train.TargetScale, full.TargetScale);
        Assert.Contains("gamma_control[trend]", new MmmPosterior(train).Layout.Names);
    }

    [Fact]
    public void Holdout_PredictsTheLastQuarterOutOfSample()
    {
        var settings = new SamplerSettings { Chains = 2, Warmup = 300, Draws = 300, Seed = 5 };
        var result = MmmFitter.FitWithHoldout(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec, holdout: 13, settings, null, TestContext.Current.CancellationToken);
        var holdout = Assert.IsType<HoldoutFit>(result.Holdout);
        Assert.Equal(13, holdout.PeriodFits.Count);
        Assert.Equal(new DateOnly(2025, 12, 22), holdout.PeriodFits[^1].Date);
        Assert.Equal(143, result.Periods.Count);   // fitted on the first 143 weeks
        Assert.InRange(holdout.Mape, 0, 0.12);
        Assert.InRange(holdout.Coverage90, 0.6, 1);
    }

    [Fact]
    public void Holdout_LargerThanAThird_IsRefusedNamingTheSetting()
    {
        var ex = Assert.Throws<MmmDataException>(() => MmmFitter.FitWithHoldout(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec, 80, new SamplerSettings(), null, CancellationToken.None));
        Assert.Equal("holdout", ex.Problems[0].Column);
    }
}
