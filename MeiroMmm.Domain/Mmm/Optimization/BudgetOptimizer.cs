namespace MeiroMmm.Domain.Mmm.Optimization;

/// <summary>Limits on one channel's spend over the horizon (currency units). A locked channel keeps its current spend.</summary>
public sealed record ChannelBudgetBounds(string Channel, double Min, double Max, bool Locked = false);

public sealed record BudgetRequest(
    double TotalBudget, IReadOnlyList<double> CurrentAllocation, IReadOnlyList<ChannelBudgetBounds> Bounds, double RiskAversion = 0);

/// <summary>Expected response with its 90% interval over posterior draws (KPI units).</summary>
public sealed record ResponseEstimate(double Mean, double Q05, double Q95);

public sealed record ChannelAllocation(string Channel, double Current, double Optimal, double PerPeriod, ResponseEstimate Response);

public sealed record BudgetPlan(
    IReadOnlyList<ChannelAllocation> Allocation, ResponseEstimate OptimalResponse, ResponseEstimate CurrentResponse,
    ResponseEstimate Uplift, double Objective, int Iterations);

/// <summary>
/// Maximizes expected total response over the posterior draws, or mean − k·sd for a risk-averse plan, subject to the total
/// budget and per-channel bounds, by projected gradient ascent (the projection onto {Σ s = B, lo ≤ s ≤ hi} is exact,
/// by bisection on the shift). For k = 0 the objective is a sum of concave curves, so the optimum is global.
/// </summary>
public static class BudgetOptimizer
{
    public static BudgetPlan Optimize(ResponseModel model, BudgetRequest request, int maxIterations = 500)
    {
        int C = model.Channels.Count;
        var (lo, hi) = Bounds(model, request);
        if (lo.Sum() > request.TotalBudget + 1e-6 || hi.Sum() < request.TotalBudget - 1e-6)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"No allocation meets the bounds: minimums add up to {lo.Sum():N0} and maximums add up to {hi.Sum():N0}, but the budget is {request.TotalBudget:N0}."), nameof(request));

        var x = Project([.. request.CurrentAllocation], lo, hi, request.TotalBudget);
        var totals = new double[model.Draws];
        var derivatives = Enumerable.Range(0, C).Select(_ => new double[model.Draws]).ToArray();
        double value = Objective(model, x, request.RiskAversion, totals, derivatives, out var gradient);
        double step = request.TotalBudget / 10 / Math.Max(1e-12, gradient.Max(Math.Abs));
        int iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            // Armijo backtracking along the projected gradient path.
            bool improved = false;
            for (int tries = 0; tries < 40; tries++)
            {
                var candidate = Project([.. x.Select((v, c) => v + step * gradient[c])], lo, hi, request.TotalBudget);
                double moved = candidate.Select((v, c) => (v - x[c]) * gradient[c]).Sum();
                double candidateValue = Objective(model, candidate, request.RiskAversion, totals, derivatives, out var candidateGradient);
                if (candidateValue >= value + 1e-4 * moved && candidateValue > value - 1e-12)
                {
                    double change = candidate.Select((v, c) => Math.Abs(v - x[c])).Max();
                    x = candidate; value = candidateValue; gradient = candidateGradient;
                    improved = change > 1e-9 * request.TotalBudget;
                    step *= 1.5;
                    break;
                }
                step *= 0.5;
            }
            if (!improved) break;
        }

        var optimal = Estimate(model, x);
        var current = Estimate(model, [.. request.CurrentAllocation]);
        var uplift = Interval(optimal.Totals.Zip(current.Totals, (a, b) => a - b).ToArray());
        var allocation = model.Channels.Select((name, c) => new ChannelAllocation(name, request.CurrentAllocation[c], x[c], x[c] / model.Horizon, optimal.PerChannel[c])).ToList();
        return new BudgetPlan(allocation, optimal.Total, current.Total, uplift, value, iteration);
    }

    /// <summary>What-if: the response of a given allocation (totals over the horizon per channel).</summary>
    public static (ResponseEstimate Total, IReadOnlyList<ResponseEstimate> PerChannel) WhatIf(ResponseModel model, IReadOnlyList<double> allocation)
    {
        var estimate = Estimate(model, [.. allocation]);
        return (estimate.Total, estimate.PerChannel);
    }

    private static (double[] Lo, double[] Hi) Bounds(ResponseModel model, BudgetRequest request)
    {
        int C = model.Channels.Count;
        var lo = new double[C]; var hi = new double[C];
        for (int c = 0; c < C; c++)
        {
            var b = request.Bounds.FirstOrDefault(b => b.Channel == model.Channels[c]);
            if (b is null) { lo[c] = 0; hi[c] = request.TotalBudget; continue; }
            if (b.Locked) { lo[c] = hi[c] = request.CurrentAllocation[c]; continue; }
            if (b.Min < 0 || b.Max < b.Min)
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Bounds of {b.Channel}: need 0 ≤ min ≤ max, got {b.Min:N0} and {b.Max:N0}."), nameof(request));
            lo[c] = b.Min; hi[c] = b.Max;
        }
        return (lo, hi);
    }

    /// <summary>Mean (or mean − k·sd) of total response over draws, and its gradient in each channel's spend.</summary>
    private static double Objective(ResponseModel model, double[] x, double k, double[] totals, double[][] derivatives, out double[] gradient)
    {
        model.TotalResponse(x, totals, derivatives);
        int S = totals.Length, C = x.Length;
        double mean = totals.Average();
        gradient = new double[C];
        for (int c = 0; c < C; c++) gradient[c] = derivatives[c].Average();
        if (k == 0 || S < 2) return mean;
        double variance = totals.Sum(t => (t - mean) * (t - mean)) / (S - 1), sd = Math.Sqrt(variance);
        for (int c = 0; c < C; c++)
        {
            double cov = 0, dMean = gradient[c];
            for (int s = 0; s < S; s++) cov += (totals[s] - mean) * (derivatives[c][s] - dMean);
            if (sd > 0) gradient[c] -= k * cov / (S - 1) / sd;   // d sd / d x_c
        }
        return mean - k * sd;
    }

    /// <summary>The closest point (Euclidean) with Σ x = budget and lo ≤ x ≤ hi: x = clip(v − τ), τ by bisection.</summary>
    internal static double[] Project(double[] v, double[] lo, double[] hi, double budget)
    {
        double Sum(double tau) => v.Select((x, i) => Math.Clamp(x - tau, lo[i], hi[i])).Sum();
        double a = v.Select((x, i) => x - hi[i]).Min() - 1, b = v.Select((x, i) => x - lo[i]).Max() + 1;   // Sum(a) ≥ budget ≥ Sum(b)
        for (int i = 0; i < 200 && b - a > 1e-12 * Math.Max(1, Math.Abs(budget)); i++)
        {
            double mid = 0.5 * (a + b);
            if (Sum(mid) > budget) a = mid; else b = mid;
        }
        double tau = 0.5 * (a + b);
        return [.. v.Select((x, i) => Math.Clamp(x - tau, lo[i], hi[i]))];
    }

    private static (ResponseEstimate Total, ResponseEstimate[] PerChannel, double[] Totals) Estimate(ResponseModel model, double[] allocation)
    {
        int C = allocation.Length, S = model.Draws;
        var totals = new double[S];
        var perChannel = new ResponseEstimate[C];
        var values = new double[S];
        for (int c = 0; c < C; c++)
        {
            for (int s = 0; s < S; s++) { values[s] = model.Response(c, s, allocation[c], out _); totals[s] += values[s]; }
            perChannel[c] = Interval(values);
        }
        return (Interval(totals), perChannel, totals);
    }

    private static ResponseEstimate Interval(double[] values)
    {
        double mean = values.Average();
        var sorted = (double[])values.Clone();
        return new ResponseEstimate(mean, Fitting.MmmFitter.Quantile(sorted, 0.05), Fitting.MmmFitter.Quantile(sorted, 0.95));
    }
}
