using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Mmm;

/// <summary>
/// Body of POST /api/models, as in the seed: dataset_id, kpi, spend_channels, covariates, and optional sampler settings
/// (method "nuts" or "laplace"; chains, tune, draws, target_accept, seed; Stan's defaults when left out) and model shapes
/// (adstock: geometric, delayed, weibull_cdf, weibull_pdf; saturation: logistic, hill, hill_sigmoid, michaelis_menten,
/// tanh; l_max; PyMC-Marketing's default geometric / logistic / 8 when left out), and optional lift_tests
/// (<c>channel, x, delta_x, delta_y, sigma</c> each, as GET /api/experiments/{id}/lift-test returns them) that calibrate the fit,
/// and optional priors overriding PyMC-Marketing's defaults per group or per channel
/// (<c>{"saturation_beta": "HalfNormal(1)", "adstock_alpha[tv_spend]": "Beta(3, 3)"}</c>).
/// </summary>
public sealed record ModelRunRequest(
    Guid? DatasetId, string? Kpi, IReadOnlyList<string>? SpendChannels, IReadOnlyList<string>? Covariates,
    string? Method, int? Chains, int? Tune, int? Draws, double? TargetAccept, ulong? Seed,
    string? Adstock = null, string? Saturation = null, int? LMax = null, IReadOnlyList<Domain.Mmm.Model.LiftTest>? LiftTests = null,
    IReadOnlyDictionary<string, string>? Priors = null)
{
    public ModelRunSettings ToSettings() => new(
        DatasetId ?? Guid.Empty, Kpi ?? "", SpendChannels ?? [], Covariates ?? [],
        string.Equals(Method, "laplace", StringComparison.OrdinalIgnoreCase) ? FitMethod.Laplace : FitMethod.Nuts,
        Chains ?? 4, Tune ?? 1000, Draws ?? 1000, TargetAccept ?? 0.9, Seed ?? 1,
        Adstock ?? "geometric", Saturation ?? "logistic", LMax ?? 8, LiftTests, Priors);

    /// <summary>Missing required fields, named as the body names them.</summary>
    public IEnumerable<Infrastructure.Persistence.FieldError> CheckRequired()
    {
        if (DatasetId is null || DatasetId == Guid.Empty) yield return new("dataset_id", "dataset_id is required.");
        if (string.IsNullOrWhiteSpace(Kpi)) yield return new("kpi", "kpi is required: the KPI column to model.");
        if (SpendChannels is null || SpendChannels.Count == 0) yield return new("spend_channels", "spend_channels is required: at least one spend column.");
        if (Method is not null && !Method.Equals("nuts", StringComparison.OrdinalIgnoreCase) && !Method.Equals("laplace", StringComparison.OrdinalIgnoreCase))
            yield return new("method", "method must be \"nuts\" or \"laplace\".");
    }
}
