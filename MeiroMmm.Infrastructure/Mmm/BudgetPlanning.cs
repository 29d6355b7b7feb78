using MeiroMmm.Domain.Mmm.Optimization;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>One channel's limits as a user gives them: absolute amounts over the horizon, or percent of current spend; or locked.</summary>
public sealed record ChannelLimit(string Channel, double? Min = null, double? Max = null, double? MinPercent = null, double? MaxPercent = null, bool Locked = false);

/// <summary>A channel in a plan: current and recommended spend over the horizon, the contribution expected (90% interval), ROAS and marginal ROAS at the recommendation.</summary>
/// <remarks>ChangePercent is null when current spend is zero; Roas when recommended spend is zero.</remarks>
public sealed record PlannedChannel(string Channel, double Current, double Recommended, double? ChangePercent, double PerPeriod,
    ResponseEstimate Contribution, double? Roas, double MarginalRoas);

/// <summary>The optimizer's plan in the units the UI and API show.</summary>
public sealed record BudgetPlanView(int HorizonPeriods, double TotalBudget, double RiskAversion, IReadOnlyList<PlannedChannel> Channels,
    ResponseEstimate Expected, ResponseEstimate Current, ResponseEstimate Uplift)
{
    /// <summary>Why the run behind this plan is only directional (the run-quality gate's reasons); empty for a usable run.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>What-if: the contribution a spend plan is expected to bring (90% interval), per channel and in total.</summary>
public sealed record WhatIfView(int HorizonPeriods, IReadOnlyList<PlannedChannel> Channels, ResponseEstimate Total, ResponseEstimate Current, ResponseEstimate Difference);

/// <summary>
/// Runs the engine's <see cref="BudgetOptimizer"/> on a completed run, as `mmm optimize` does: the response model from the
/// run's kept draws, the current allocation = the data's average spend per period × the horizon.
/// </summary>
public static class BudgetPlanning
{
    public static (BudgetPlanView? Plan, IReadOnlyList<FieldError> Errors) Optimize(FittedRun fit, int horizon, double? totalBudget, IReadOnlyList<ChannelLimit> limits, double riskAversion)
    {
        var errors = CheckHorizon(horizon).ToList();
        if (riskAversion is < 0 or > 10) errors.Add(new("risk_aversion", "risk_aversion must be between 0 (maximize the mean) and 10."));
        if (errors.Count > 0) return (null, errors);
        var channels = fit.Data.ChannelNames;
        var current = fit.SpendPerPeriod().Select(s => s * horizon).ToArray();
        double budget = totalBudget ?? current.Sum();
        if (budget <= 0 || !double.IsFinite(budget)) errors.Add(new("total_budget", "total_budget must be a positive amount."));
        var bounds = new List<ChannelBudgetBounds>();
        foreach (var limit in limits)
        {
            int c = channels.ToList().IndexOf(limit.Channel);
            if (c < 0) { errors.Add(new("bounds", $"'{limit.Channel}' is not a channel of this model ({string.Join(", ", channels)}).")); continue; }
            double min = limit.Min ?? (limit.MinPercent is { } lo ? current[c] * lo / 100 : 0);
            double max = limit.Max ?? (limit.MaxPercent is { } hi ? current[c] * hi / 100 : budget);
            if (!limit.Locked && (min < 0 || max < min)) { errors.Add(new("bounds", $"{limit.Channel}: need 0 ≤ min ≤ max, got {min:N0} and {max:N0}.")); continue; }
            bounds.Add(new ChannelBudgetBounds(limit.Channel, min, max, limit.Locked));
        }
        if (errors.Count > 0) return (null, errors);
        var model = Model(fit, horizon);
        BudgetPlan plan;
        try { plan = BudgetOptimizer.Optimize(model, new BudgetRequest(budget, current, bounds, riskAversion)); }
        catch (ArgumentException e) { return (null, [new("bounds", e.Message.Split(" (Parameter")[0])]); }
        var rows = plan.Allocation.Select((a, c) => Row(model, c, a.Channel, a.Current, a.Optimal, a.Response)).ToList();
        return (new BudgetPlanView(horizon, budget, riskAversion, rows, plan.OptimalResponse, plan.CurrentResponse, plan.Uplift), []);
    }

    /// <summary>The expected contribution of given spends over the horizon; channels left out keep their current spend.</summary>
    public static (WhatIfView? View, IReadOnlyList<FieldError> Errors) WhatIf(FittedRun fit, int horizon, IReadOnlyDictionary<string, double> spend)
    {
        var errors = CheckHorizon(horizon).ToList();
        var channels = fit.Data.ChannelNames;
        foreach (var (channel, amount) in spend)
        {
            if (!channels.Contains(channel)) errors.Add(new("spend", $"'{channel}' is not a channel of this model ({string.Join(", ", channels)})."));
            else if (amount < 0 || !double.IsFinite(amount)) errors.Add(new("spend", $"{channel}: spend must be 0 or more."));
        }
        if (errors.Count > 0) return (null, errors);
        var current = fit.SpendPerPeriod().Select(s => s * horizon).ToArray();
        var planned = channels.Select((c, i) => spend.TryGetValue(c, out double v) ? v : current[i]).ToArray();
        var model = Model(fit, horizon);
        var (total, perChannel) = BudgetOptimizer.WhatIf(model, planned);
        var (now, _) = BudgetOptimizer.WhatIf(model, current);
        var difference = Difference(model, planned, current);
        var rows = channels.Select((c, i) => Row(model, i, c, current[i], planned[i], perChannel[i])).ToList();
        return (new WhatIfView(horizon, rows, total, now, difference), []);
    }

    private static IEnumerable<FieldError> CheckHorizon(int horizon)
    {
        if (horizon is < 1 or > 520) yield return new("horizon", "horizon must be between 1 and 520 periods.");
    }

    internal static ResponseModel Model(FittedRun fit, int horizon) =>
        new(fit.Result.Draws, fit.Data.ChannelNames, fit.Data.ChannelScales, fit.Data.TargetScale, fit.Data.LMax, horizon,
            adstock: fit.Data.Adstock, saturation: fit.Data.Saturation);

    private static PlannedChannel Row(ResponseModel model, int c, string channel, double current, double recommended, ResponseEstimate response)
    {
        double slope = 0;
        for (int s = 0; s < model.Draws; s++) { model.Response(c, s, recommended, out double d); slope += d / model.Draws; }
        double? change = current > 0 ? 100 * (recommended - current) / current : null;
        return new PlannedChannel(channel, current, recommended, change, recommended / model.Horizon, response,
            recommended > 0 ? response.Mean / recommended : null, slope);
    }

    /// <summary>The change against current spend, draw by draw, so its interval reflects that both come from the same posterior.</summary>
    private static ResponseEstimate Difference(ResponseModel model, double[] planned, double[] current)
    {
        var a = new double[model.Draws]; var b = new double[model.Draws];
        model.TotalResponse(planned, a);
        model.TotalResponse(current, b);
        var d = a.Zip(b, (x, y) => x - y).Order().ToArray();
        return new ResponseEstimate(d.Average(), Quantile(d, 0.05), Quantile(d, 0.95));
    }

    /// <summary>R type 7 quantile of sorted values, as the engine's intervals use.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
