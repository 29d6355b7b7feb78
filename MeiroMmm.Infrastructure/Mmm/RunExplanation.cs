using MeiroMmm.Domain.Mmm.Explained;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>"MMM explained" for a completed run: each channel's leverage at its current spend over a horizon.</summary>
public sealed record RunExplanationView(Guid RunId, int HorizonPeriods, double HighElasticity, double HighContributionShare, IReadOnlyList<ChannelLeverage> Channels);

public static class RunExplanation
{
    /// <summary>Current spend = the data's average spend per period × horizon, as the optimizer's "current" allocation.</summary>
    public static RunExplanationView Explain(FittedRun fit, int horizon = 13)
    {
        var model = BudgetPlanning.Model(fit, horizon);
        var current = fit.SpendPerPeriod().Select(s => s * horizon).ToArray();
        var channels = ChannelLeverageAnalysis.Analyze(model, current);
        return new RunExplanationView(fit.Run.Id, horizon, ChannelLeverageAnalysis.HighElasticity, 1.0 / channels.Count, channels);
    }
}
