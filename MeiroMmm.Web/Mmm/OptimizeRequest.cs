using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Mmm;

/// <summary>One channel's limits in POST /api/models/{id}/optimize: min/max over the horizon, or min_pct/max_pct of current spend, or locked.</summary>
public sealed record ChannelLimitInput(string? Channel, double? Min, double? Max, double? MinPct, double? MaxPct, bool? Locked)
{
    public ChannelLimit ToLimit() => new(Channel ?? "", Min, Max, MinPct, MaxPct, Locked ?? false);
}

/// <summary>
/// Body of POST /api/models/{id}/optimize: horizon in periods (default 13), total_budget over the horizon (default: current
/// spend), bounds per channel, risk_aversion k (maximize mean − k·sd; default 0).
/// </summary>
public sealed record OptimizeRequest(int? Horizon, double? TotalBudget, IReadOnlyList<ChannelLimitInput>? Bounds, double? RiskAversion);

/// <summary>Body of POST /api/models/{id}/what-if: horizon in periods (default 13) and spend per channel over it (left out = current).</summary>
public sealed record WhatIfRequest(int? Horizon, IReadOnlyDictionary<string, double>? Spend);
