using MeiroMmm.Domain.Experiments;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Tests.Domain;

/// <summary>The nightly report's alert rules, each on a constructed experiment, and the holdout → MMM lift test by hand.</summary>
public sealed class ExperimentAlertPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ExperimentAlertSettings Defaults = new();

    private static IReadOnlyList<ExperimentAlert> Evaluate(long nt, long xt, long nc, long xc, double? avp, double days, double idleHours = 1)
    {
        var now = Start.AddDays(days);
        var itt = UpliftAnalysis.Analyze(new(nt, xt), new(nc, xc), 0.5);
        return ExperimentAlertPolicy.Evaluate(new ExperimentCheck(itt, avp, Start, now.AddHours(-idleHours), now), Defaults);
    }

    private static string[] Kinds(IReadOnlyList<ExperimentAlert> alerts) => [.. alerts.Select(a => a.Kind)];

    [Fact]
    public void SmallGroups_AreInsufficientData_AndNothingElse()
    {
        var alerts = Evaluate(20, 3, 20, 1, 0.001, 10);
        Assert.Equal(["insufficient_data"], Kinds(alerts));
        Assert.Equal(ExperimentAlertLevel.Info, alerts[0].Level);
    }

    [Fact]
    public void SignificantPositive_IsASuccess_OnlyAfterTheMinimumDuration()
    {
        Assert.Empty(Evaluate(1000, 100, 1000, 50, 0.001, 6.9));
        var alerts = Evaluate(1000, 100, 1000, 50, 0.001, 7);
        var alert = Assert.Single(alerts);
        Assert.Equal(("significant_positive", ExperimentAlertLevel.Success), (alert.Kind, alert.Level));
        Assert.Contains("+5.00 pp", alert.Message);   // 10% − 5%
    }

    [Fact]
    public void SignificantNegative_IsAWarning()
    {
        var alert = Assert.Single(Evaluate(1000, 40, 1000, 80, 0.002, 14));
        Assert.Equal(("significant_negative", ExperimentAlertLevel.Warning), (alert.Kind, alert.Level));
    }

    [Fact]
    public void Significance_NeedsTheMinimumGroupSize()
    {
        // 99 per group: UpliftAnalysis has enough data (≥ 30), but the report must not call it yet.
        Assert.DoesNotContain(Evaluate(99, 30, 99, 10, 1e-6, 30), a => a.Kind.StartsWith("significant", StringComparison.Ordinal));
        Assert.Contains(Evaluate(100, 30, 100, 10, 1e-6, 30), a => a.Kind == "significant_positive");
    }

    [Fact]
    public void Significance_IsJudgedOnTheAlwaysValidP_NotTheFixedHorizonOne()
    {
        var itt = UpliftAnalysis.Analyze(new(2000, 130), new(2000, 100), 0.5);
        Assert.True(itt.PValue < 0.05);   // a daily peek at this fixed-horizon p would alert …
        Assert.DoesNotContain(Evaluate(2000, 130, 2000, 100, 0.2, 14), a => a.Kind.StartsWith("significant", StringComparison.Ordinal));   // … the mSPRT one does not
    }

    [Fact]
    public void SampleRatioMismatch_IsAWarning_WhateverTheDuration()
    {
        var alerts = Evaluate(600, 30, 400, 20, 0.9, 1);
        var alert = Assert.Single(alerts);
        Assert.Equal(("sample_ratio_mismatch", ExperimentAlertLevel.Warning), (alert.Kind, alert.Level));
    }

    [Fact]
    public void NoActivityFor48Hours_IsStale()
    {
        Assert.DoesNotContain(Evaluate(1000, 50, 1000, 50, 0.9, 10, idleHours: 47.9), a => a.Kind == "stale");
        var stale = Assert.Single(Evaluate(1000, 50, 1000, 50, 0.9, 10, idleHours: 48));
        Assert.Equal(("stale", ExperimentAlertLevel.Warning), (stale.Kind, stale.Level));
        var never = ExperimentAlertPolicy.Evaluate(new ExperimentCheck(null, null, Start, null, Start.AddDays(3)), Defaults);
        Assert.Equal(["insufficient_data", "stale"], Kinds(never));
    }

    [Fact]
    public void LiftTest_FromAHoldout_ByHand()
    {
        // 28 days on weekly data = 4 periods; 8,000 treatment profiles = 2,000 per period; +0.5 value per profile (SE 0.1);
        // 1,400 spent on the treatment group = 350 per period, from a counterfactual of no spend.
        var lift = ExperimentLiftTest.FromHoldout("email", spend: 1400, durationDays: 28, periodDays: 7, valueUplift: 0.5, standardError: 0.1, treatmentProfiles: 8000);
        Assert.Equal(4, lift.Periods, 12);
        Assert.Equal(0, lift.X);
        Assert.Equal(350, lift.DeltaX, 9);
        Assert.Equal(1000, lift.DeltaY, 9);
        Assert.Equal(200, lift.Sigma, 9);
        Assert.Empty(new LiftTest(lift.Channel, lift.X, lift.DeltaX, lift.DeltaY, lift.Sigma).Validate(["email"], 0));
    }

    [Fact]
    public void LiftTest_NamesEachBadInput()
    {
        var problems = ExperimentLiftTest.Problems(spend: 0, durationDays: 28, periodDays: -1, valueUplift: 0.5, standardError: 0, treatmentProfiles: 100);
        Assert.Equal(["spend", "period_days", "experiment"], problems.Select(p => p.Field));
        Assert.Contains("no standard error", problems[2].Message);
        Assert.Contains(ExperimentLiftTest.Problems(100, 28, 7, null, null, 0), p => p.Field == "experiment");
    }
}
