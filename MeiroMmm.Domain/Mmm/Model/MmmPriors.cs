namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// The model's priors: PyMC-Marketing's defaults (reference/PRIORS.md §6; for the other shapes the default_priors of
/// PyMC-Marketing's adstock and saturation classes) unless overridden, either for a whole group ("saturation_beta") or
/// for one parameter ("saturation_beta[tv_spend]"), which wins over its group.
/// </summary>
public sealed record MmmPriors
{
    /// <summary>The default model's priors (geometric adstock, logistic saturation).</summary>
    public static IReadOnlyDictionary<string, Prior> Defaults { get; } = DefaultsFor(AdstockShape.Geometric, SaturationShape.Logistic);

    /// <summary>Which values each group of the default model takes.</summary>
    public static IReadOnlyDictionary<string, ParameterSupport> GroupSupport { get; } = SupportFor(AdstockShape.Geometric, SaturationShape.Logistic);

    /// <summary>Default prior per group for a model with these shapes.</summary>
    public static IReadOnlyDictionary<string, Prior> DefaultsFor(AdstockShape adstock, SaturationShape saturation) => new Dictionary<string, Prior>
    {
        ["intercept"] = Prior.Normal(0, 2),
        ["gamma_control"] = Prior.Normal(0, 2),
        ["gamma_fourier"] = Prior.Laplace(0, 1),
        ["y_sigma"] = Prior.HalfNormal(2),
    }.Concat(adstock.Parameters.Select(p => KeyValuePair.Create("adstock_" + p.Name, p.DefaultPrior)))
     .Concat(saturation.Parameters.Select(p => KeyValuePair.Create("saturation_" + p.Name, p.DefaultPrior)))
     .ToDictionary();

    public static IReadOnlyDictionary<string, ParameterSupport> SupportFor(AdstockShape adstock, SaturationShape saturation) => new Dictionary<string, ParameterSupport>
    {
        ["intercept"] = ParameterSupport.Real,
        ["gamma_control"] = ParameterSupport.Real,
        ["gamma_fourier"] = ParameterSupport.Real,
        ["y_sigma"] = ParameterSupport.Positive,
    }.Concat(adstock.Parameters.Select(p => KeyValuePair.Create("adstock_" + p.Name, p.Support)))
     .Concat(saturation.Parameters.Select(p => KeyValuePair.Create("saturation_" + p.Name, p.Support)))
     .ToDictionary();

    public IReadOnlyDictionary<string, Prior> Overrides { get; init; } = new Dictionary<string, Prior>();

    public static string GroupOf(string parameter) => parameter.IndexOf('[') is var i and > 0 ? parameter[..i] : parameter;

    /// <summary>The prior of a parameter of the default model.</summary>
    public Prior For(string parameter) => For(parameter, Defaults);

    /// <summary>The prior of a parameter, with <paramref name="defaults"/> (see <see cref="DefaultsFor"/>) where nothing overrides it.</summary>
    public Prior For(string parameter, IReadOnlyDictionary<string, Prior> defaults) =>
        Overrides.GetValueOrDefault(parameter) ?? Overrides.GetValueOrDefault(GroupOf(parameter)) ?? defaults[GroupOf(parameter)];

    /// <summary>Every override that names no parameter of the default model or does not fit its parameter's support.</summary>
    public IEnumerable<DataProblem> Validate(IReadOnlyList<string> parameterNames) => Validate(parameterNames, GroupSupport);

    /// <summary>Every override that names no parameter of <paramref name="layout"/>'s model or does not fit its support.</summary>
    public IEnumerable<DataProblem> Validate(MmmParameterLayout layout) => Validate(layout.Names, SupportFor(layout.Adstock, layout.Saturation));

    private IEnumerable<DataProblem> Validate(IReadOnlyList<string> parameterNames, IReadOnlyDictionary<string, ParameterSupport> groupSupport)
    {
        foreach (var (name, prior) in Overrides)
        {
            string group = GroupOf(name);
            if (!groupSupport.TryGetValue(group, out var support) || (name != group && !parameterNames.Contains(name)))
            {
                yield return new DataProblem($"priors[{name}]", null, "no such parameter in this model.");
                continue;
            }
            if (prior.Problem(support) is { } problem) yield return new DataProblem($"priors[{name}]", null, problem);
        }
    }
}
