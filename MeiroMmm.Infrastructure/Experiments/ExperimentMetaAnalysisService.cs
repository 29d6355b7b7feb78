using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Persistence;
using MathNet.Numerics.Distributions;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>One experiment in a meta-analysis: its relative uplift (risk ratio − 1) with a 95% CI, and its weight in each pooled estimate.</summary>
public sealed record MetaAnalysisStudy(int Id, string Key, string Name, string Channel, long NTreatment, long NControl,
    double LogRiskRatio, double StandardError, double RelUplift, double RelCiLow, double RelCiHigh, double FixedWeight, double RandomWeight);

/// <summary>A selected experiment left out of the pooling, and why.</summary>
public sealed record MetaAnalysisExclusion(int Id, string Key, string Reason);

/// <summary>A pooled relative uplift with its 95% CI (back-transformed from the log risk ratio).</summary>
public sealed record PooledUplift(double LogRiskRatio, double StandardError, double RelUplift, double RelCiLow, double RelCiHigh);

public sealed record MetaAnalysisReport(string? Channel, IReadOnlyList<MetaAnalysisStudy> Experiments, IReadOnlyList<MetaAnalysisExclusion> Excluded,
    PooledUplift? FixedEffect, PooledUplift? RandomEffects, double? Q, int? Df, double? QPValue, double? I2, double? Tau2);

/// <summary>A channel's pooled experiments as one MMM lift test, with the experiments and the pooled value uplift per profile behind it.</summary>
public sealed record PooledLiftTest(string Channel, double X, double DeltaX, double DeltaY, double Sigma,
    IReadOnlyList<string> Experiments, double ValueUpliftPerProfile, double StandardError, double Tau2)
{
    public string ToCsv() => LiftTestCsv.Of(Channel, X, DeltaX, DeltaY, Sigma);
}

/// <summary>
/// <c>GET /api/experiments/meta-analysis</c>: pools the intention-to-treat relative uplift of completed (and archived)
/// experiments of one channel, or of the given ids, on the log risk-ratio scale (<see cref="EffectEstimate.LogRiskRatio"/>)
/// with <see cref="MetaAnalysis"/>: fixed effect and DerSimonian–Laird random effects, Q, I², τ².
/// </summary>
public sealed class ExperimentMetaAnalysisService(IDbContextFactory<MeiroDbContext> dbFactory, ExperimentResultsService results)
{
    public async Task<ExperimentOperation<MetaAnalysisReport>> AnalyzeAsync(string? channel, IReadOnlyList<int>? ids, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(channel) && (ids is null || ids.Count == 0))
            return ExperimentOperation<MetaAnalysisReport>.Invalid([new("channel", "Give a channel (e.g. channel=email) or experiment ids (ids=1,2,3).")]);
        List<Experiment> selected;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var query = db.Experiments.AsNoTracking();
            query = ids is { Count: > 0 } ? query.Where(e => ids.Contains(e.Id)) : Finished(query);
            selected = OfChannel(await query.OrderBy(e => e.Id).ToListAsync(ct), channel);
        }
        if (ids is { Count: > 0 } && ids.Except(selected.Select(e => e.Id)).FirstOrDefault() is int missing and > 0)
            return ExperimentOperation<MetaAnalysisReport>.NotFound(missing);

        var included = new List<(Experiment E, UpliftSummary Itt, EffectEstimate Effect)>();
        var excluded = new List<MetaAnalysisExclusion>();
        foreach (var e in selected)
        {
            var itt = (await results.ResultsAsync(e.Id, ct))?.IntentionToTreat;
            var effect = itt is null ? null : EffectEstimate.LogRiskRatio(new(itt.NTreatment, itt.ConversionsTreatment), new(itt.NControl, itt.ConversionsControl));
            if (itt is null || effect is null) excluded.Add(new(e.Id, e.Key, itt is null ? "No profiles in one of the groups." : "No conversions in one of the groups, so the relative uplift is undefined."));
            else included.Add((e, itt, effect));
        }
        if (included.Count == 0)
            return ExperimentOperation<MetaAnalysisReport>.Done(new(channel, [], excluded, null, null, null, null, null, null, null));

        var pooled = MetaAnalysis.Pool([.. included.Select(x => x.Effect)]);
        double fixedSum = included.Sum(x => 1 / Sq(x.Effect.StandardError));
        double randomSum = included.Sum(x => 1 / (Sq(x.Effect.StandardError) + pooled.Tau2));
        var studies = included.Select(x =>
        {
            var ci = Interval(x.Effect.Estimate, x.Effect.StandardError);
            return new MetaAnalysisStudy(x.E.Id, x.E.Key, x.E.Name, x.E.Channel, x.Itt.NTreatment, x.Itt.NControl, x.Effect.Estimate, x.Effect.StandardError,
                Math.Exp(x.Effect.Estimate) - 1, ci.Low, ci.High,
                1 / Sq(x.Effect.StandardError) / fixedSum, 1 / (Sq(x.Effect.StandardError) + pooled.Tau2) / randomSum);
        }).ToList();
        double? qp = pooled.Df > 0 ? 1 - ChiSquared.CDF(pooled.Df, pooled.Q) : null;
        return ExperimentOperation<MetaAnalysisReport>.Done(new(channel, studies, excluded,
            Uplift(pooled.FixedEffect), Uplift(pooled.RandomEffects), pooled.Q, pooled.Df, qp, pooled.I2, pooled.Tau2));
    }

    /// <summary>
    /// The channel's completed experiments pooled as one MMM calibration point: their Welch value uplifts per profile,
    /// pooled by DerSimonian–Laird random effects, turned into a lift test by <see cref="ExperimentLiftTest.FromPooled"/>.
    /// </summary>
    public async Task<ExperimentOperation<PooledLiftTest>> PooledLiftTestAsync(string? channel, double? profilesPerPeriod, double? costPerProfile, string? mmmChannel, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(channel)) errors.Add(new("channel", "channel is required, e.g. channel=email."));
        if (!(profilesPerPeriod > 0)) errors.Add(new("profiles_per_period", "profiles_per_period must be the positive number of profiles the channel reaches per MMM period."));
        if (!(costPerProfile > 0)) errors.Add(new("cost_per_profile", "cost_per_profile must be the positive cost of reaching one profile."));
        if (errors.Count > 0) return ExperimentOperation<PooledLiftTest>.Invalid(errors);
        List<Experiment> selected;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            selected = OfChannel(await Finished(db.Experiments.AsNoTracking()).OrderBy(e => e.Id).ToListAsync(ct), channel);
        var effects = new List<(string Key, EffectEstimate Effect)>();
        foreach (var e in selected)
            if ((await results.ResultsAsync(e.Id, ct))?.ValuePerProfile is { StandardError: > 0 } v)
                effects.Add((e.Key, new EffectEstimate(v.MeanDifference, v.StandardError!.Value)));
        if (effects.Count == 0)
            return ExperimentOperation<PooledLiftTest>.Invalid([new("channel", $"No completed {channel} experiment has value per profile with a standard error to pool.")]);
        var pooled = MetaAnalysis.Pool([.. effects.Select(x => x.Effect)]);
        string target = string.IsNullOrWhiteSpace(mmmChannel) ? channel!.Trim() : mmmChannel.Trim();
        var lift = ExperimentLiftTest.FromPooled(target, pooled.RandomEffects, profilesPerPeriod!.Value, costPerProfile!.Value);
        return ExperimentOperation<PooledLiftTest>.Done(new(lift.Channel, lift.X, lift.DeltaX, lift.DeltaY, lift.Sigma,
            [.. effects.Select(x => x.Key)], pooled.RandomEffects.Estimate, pooled.RandomEffects.StandardError, pooled.Tau2));
    }

    /// <summary>Completed and archived experiments: their results are final.</summary>
    private static IQueryable<Experiment> Finished(IQueryable<Experiment> query) =>
        query.Where(e => e.Status == ExperimentStatus.Completed || e.Status == ExperimentStatus.Archived);

    /// <summary>The experiments of one channel ("Email" and "email" alike), or all of them when no channel is given.</summary>
    private static List<Experiment> OfChannel(List<Experiment> experiments, string? channel) =>
        string.IsNullOrWhiteSpace(channel) ? experiments
            : [.. experiments.Where(e => ExperimentAutoAssigner.ChannelKey(e.Channel) == ExperimentAutoAssigner.ChannelKey(channel))];

    private static double Sq(double x) => x * x;

    private static (double Low, double High) Interval(double logRr, double se)
    {
        double z = StandardNormal.TwoSidedCritical(0.05);
        return (Math.Exp(logRr - z * se) - 1, Math.Exp(logRr + z * se) - 1);
    }

    private static PooledUplift Uplift(PooledEffect p) =>
        new(p.Estimate, p.StandardError, Math.Exp(p.Estimate) - 1, Math.Exp(p.Ci.Low) - 1, Math.Exp(p.Ci.High) - 1);
}
