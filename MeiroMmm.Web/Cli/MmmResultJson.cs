using System.Text.Json;
using System.Text.Json.Serialization;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// The JSON a fit writes (`mmm fit --out`): diagnostics, parameters, channels and fit as the MMM engine issue specifies,
/// plus per-period fit and thinned draws (enough for `mmm optimize` and response curves).
/// </summary>
public static class MmmResultJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static object From(MmmFitResult result, ScaledMmmData data, SamplerSettings settings)
    {
        var d = result.Diagnostics;
        return new
        {
            engine = "meiro-mmm nuts",
            settings = new { settings.Chains, tune = settings.Warmup, settings.Draws, target_accept = settings.TargetAcceptance, max_treedepth = settings.MaxTreeDepth, seed = settings.Seed },
            model = new { channels = data.ChannelNames, spend_per_period = data.ChannelNames.Select((_, c) => data.Spend.Skip(c * data.Periods).Take(data.Periods).Average()), controls = data.ControlNames, fourier_terms = data.FourierNames, l_max = data.LMax, adstock = data.Adstock.Name, saturation = data.Saturation.Name, periods = data.Periods, target_scale = data.TargetScale, channel_scales = data.ChannelScales },
            diagnostics = new
            {
                rhat_max = d.RhatMax, ess_bulk_min = d.EssBulkMin, ess_bulk_min_parameter = d.EssBulkMinParameter, ess_tail_min = d.EssTailMin,
                divergences = d.Divergences, treedepth_hits = d.TreeDepthHits, gradient_evaluations = d.GradientEvaluations,
                sampling_seconds = d.SamplingSeconds, warmup_seconds = d.WarmupSeconds, total_seconds = d.TotalSeconds,
                step_sizes = d.StepSizes, ebfmi = d.Ebfmi,
            },
            parameters = result.Parameters.Select(p => new
            {
                name = p.Name, mean = p.Summary.Mean, sd = p.Summary.Sd, q05 = p.Summary.Q05, q95 = p.Summary.Q95,
                hdi94_low = p.Summary.Hdi94Low, hdi94_high = p.Summary.Hdi94High, rhat = p.Summary.Rhat,
                ess_bulk = p.Summary.EssBulk, ess_tail = p.Summary.EssTail, mcse_mean = p.Summary.McseMean,
            }),
            channels = result.Channels.Select(c => new
            {
                channel = c.Channel, spend = c.Spend, contribution_mean = c.ContributionMean, contribution_q05 = c.ContributionQ05,
                contribution_q95 = c.ContributionQ95, share_mean = c.ShareMean, roas_mean = c.RoasMean, roas_q05 = c.RoasQ05,
                roas_q95 = c.RoasQ95, marginal_roas = c.MarginalRoas,
            }),
            fit = new { r2 = result.Fit.R2, mape = result.Fit.Mape, nrmse = result.Fit.Nrmse },
            holdout = result.Holdout is not { } h ? null : new
            {
                periods = h.Periods, mape = h.Mape, nrmse = h.Nrmse, coverage90 = h.Coverage90,
                fit = h.PeriodFits.Select(p => new { date = p.Date.ToString("yyyy-MM-dd"), observed = p.Observed, predicted_mean = p.PredictedMean, predicted_q05 = p.PredictedQ05, predicted_q95 = p.PredictedQ95 }),
            },
            periods = result.Periods.Select(p => new { date = p.Date.ToString("yyyy-MM-dd"), observed = p.Observed, predicted_mean = p.PredictedMean, predicted_q05 = p.PredictedQ05, predicted_q95 = p.PredictedQ95 }),
            response_curves = result.ResponseCurves.Select(r => new { channel = r.Channel, current_spend_per_period = r.CurrentSpendPerPeriod, spend_per_period = r.SpendPerPeriod, contribution_mean = r.Mean, contribution_q05 = r.Q05, contribution_q95 = r.Q95 }),
            adstock_weights = result.Adstock.Select(a => new { channel = a.Channel, weights = a.Weights }),
            contributions = result.ContributionSeries.Select(c => new { channel = c.Channel, mean = c.Mean, q05 = c.Q05, q95 = c.Q95 }),
            draws = ThinnedDraws(result.Draws),
        };
    }

    public static JsonSerializerOptions ReadOptions { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static object ThinnedDraws(MmmPosteriorDraws draws)
    {
        var thin = draws.Thin(Math.Max(1, draws.Count / 1000));
        return new { chains = thin.Chains, draws_per_chain = thin.DrawsPerChain, values = thin.Names.Select((n, p) => new { name = n, values = thin.Values[p] }) };
    }
}
