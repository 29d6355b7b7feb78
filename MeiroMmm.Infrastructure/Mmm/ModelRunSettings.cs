using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Infrastructure.Mmm;

public enum FitMethod { Nuts, Laplace }

/// <summary>
/// What one run fits (dataset, KPI, channels, controls, adstock and saturation shapes, l_max, lift-test calibration) and
/// how (sampler settings).
/// Stored with the run as JSON; runs stored before the shapes were selectable read back as geometric / logistic / 8.
/// </summary>
public sealed record ModelRunSettings(
    Guid DatasetId, string Kpi, IReadOnlyList<string> Channels, IReadOnlyList<string> Controls,
    FitMethod Method = FitMethod.Nuts, int Chains = 4, int Warmup = 1000, int Draws = 1000, double TargetAccept = 0.9, ulong Seed = 1,
    string Adstock = "geometric", string Saturation = "logistic", int LMax = 8, IReadOnlyList<LiftTest>? LiftTests = null,
    IReadOnlyDictionary<string, string>? Priors = null)
{
    /// <summary>The model these settings describe (the shapes must be valid: see <see cref="CheckSampler"/>).</summary>
    public MmmModelSpec ToSpec() => new(Kpi, Channels, Controls)
    {
        LMax = LMax,
        Adstock = AdstockShape.TryParse(Adstock) ?? AdstockShape.Geometric,
        Saturation = SaturationShape.TryParse(Saturation) ?? SaturationShape.Logistic,
        LiftTests = LiftTests ?? [],
        Priors = new MmmPriors { Overrides = ParsedPriors() },
    };

    /// <summary>The prior overrides that parse ("saturation_beta[tv_spend]" → "HalfNormal(1)"); <see cref="CheckSampler"/> reports the others.</summary>
    private Dictionary<string, Prior> ParsedPriors() =>
        (Priors ?? new Dictionary<string, string>())
            .Select(p => (p.Key.Trim(), Prior: Prior.TryParse(p.Value)))
            .Where(p => p.Prior is not null)
            .ToDictionary(p => p.Item1, p => p.Prior!);

    /// <summary>Quick preview: the Laplace approximation around the posterior mode, a second or two.</summary>
    public static ModelRunSettings Preview(Guid dataset, string kpi, IReadOnlyList<string> channels, IReadOnlyList<string> controls) =>
        new(dataset, kpi, channels, controls, FitMethod.Laplace, Chains: 1, Warmup: 0, Draws: 1000);

    /// <summary>Stan's defaults: 4 chains × 1000 warm-up + 1000 draws.</summary>
    public static ModelRunSettings Standard(Guid dataset, string kpi, IReadOnlyList<string> channels, IReadOnlyList<string> controls) =>
        new(dataset, kpi, channels, controls);

    /// <summary>For demos: 2 chains × 300 + 300, a fixed seed.</summary>
    public static ModelRunSettings Fast(Guid dataset, string kpi, IReadOnlyList<string> channels, IReadOnlyList<string> controls) =>
        new(dataset, kpi, channels, controls, Chains: 2, Warmup: 300, Draws: 300, Seed: 42);

    public SamplerSettings ToSampler() => new()
    {
        Chains = Chains, Warmup = Warmup, Draws = Draws, TargetAcceptance = TargetAccept, Seed = Seed, Init = InitStrategy.Mode,
    };

    /// <summary>Problems with the sampler and model settings alone (the dataset columns are checked against the dataset).</summary>
    public IEnumerable<Persistence.FieldError> CheckSampler()
    {
        var adstock = AdstockShape.TryParse(Adstock);
        if (adstock is null) yield return new("adstock", $"adstock must be one of {string.Join(", ", AdstockShape.All.Select(s => s.Name))}.");
        if (SaturationShape.TryParse(Saturation) is null)
            yield return new("saturation", $"saturation must be one of {string.Join(", ", SaturationShape.All.Select(s => s.Name))}.");
        if (LMax < (adstock?.MinLMax ?? 1) || LMax > 52) yield return new("l_max", $"l_max must be between {adstock?.MinLMax ?? 1} and 52 periods.");
        if (Chains is < 1 or > 8) yield return new("chains", "Chains must be between 1 and 8.");
        if (Method == FitMethod.Nuts && Warmup is < 10 or > 5000) yield return new("tune", "Warm-up (tune) must be between 10 and 5000 iterations.");
        if (Draws is < 10 or > 5000) yield return new("draws", "Draws must be between 10 and 5000 per chain.");
        if (TargetAccept is <= 0.5 or >= 1) yield return new("target_accept", "Target acceptance must be between 0.5 and 1 (exclusive).");
        foreach (var problem in CheckPriors(adstock)) yield return problem;
        // Calibration points (e.g. from /api/experiments/{id}/lift-test): each on a channel of this run, with the engine's rules.
        var tests = LiftTests ?? [];
        for (int i = 0; i < tests.Count; i++)
            foreach (var problem in tests[i].Validate(Channels, i))
                yield return new(problem.Column, problem.Message);
    }

    /// <summary>
    /// Each override names a group of this model ("saturation_beta") or one parameter of a chosen channel or control
    /// ("adstock_alpha[tv_spend]", "gamma_control[price]"), and parses to a prior that fits the parameter's values.
    /// </summary>
    private IEnumerable<Persistence.FieldError> CheckPriors(AdstockShape? adstock)
    {
        var saturation = SaturationShape.TryParse(Saturation);
        if (Priors is null || adstock is null || saturation is null) yield break;
        var support = MmmPriors.SupportFor(adstock, saturation);
        foreach (var (name, text) in Priors)
        {
            string field = $"priors[{name}]", group = MmmPriors.GroupOf(name.Trim());
            if (!support.TryGetValue(group, out var values))
            {
                yield return new(field, $"'{group}' is not a parameter group of a {adstock.Name} / {saturation.Name} model (it has {string.Join(", ", support.Keys)}).");
                continue;
            }
            if (name.Trim() != group)
            {
                string member = name.Trim()[(group.Length + 1)..].TrimEnd(']');
                bool known = group.StartsWith("adstock_", StringComparison.Ordinal) || group.StartsWith("saturation_", StringComparison.Ordinal) ? Channels.Contains(member)
                    : group == "gamma_control" ? Controls.Contains(member) : group == "gamma_fourier";
                if (!known) { yield return new(field, $"'{member}' is not a channel or control of this run."); continue; }
            }
            if (Prior.TryParse(text ?? "") is not { } prior)
                yield return new(field, $"'{text}' is not a prior: write it as Family(parameters), e.g. Beta(1, 3) or HalfNormal(2).");
            else if (prior.Problem(values) is { } problem)
                yield return new(field, problem);
        }
    }
}
