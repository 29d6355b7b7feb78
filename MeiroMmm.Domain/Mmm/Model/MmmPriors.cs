namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// The model's priors: PyMC-Marketing's defaults (reference/PRIORS.md §6) unless overridden, either for a whole group
/// ("saturation_beta") or for one parameter ("saturation_beta[tv_spend]"), which wins over its group.
/// </summary>
public sealed record MmmPriors
{
    public static IReadOnlyDictionary<string, Prior> Defaults { get; } = new Dictionary<string, Prior>
    {
        ["intercept"] = Prior.Normal(0, 2),
        ["adstock_alpha"] = Prior.Beta(1, 3),
        ["saturation_lam"] = Prior.Gamma(3, 1),
        ["saturation_beta"] = Prior.HalfNormal(2),
        ["gamma_control"] = Prior.Normal(0, 2),
        ["gamma_fourier"] = Prior.Laplace(0, 1),
        ["y_sigma"] = Prior.HalfNormal(2),
    };

    public static IReadOnlyDictionary<string, ParameterSupport> GroupSupport { get; } = new Dictionary<string, ParameterSupport>
    {
        ["intercept"] = ParameterSupport.Real,
        ["adstock_alpha"] = ParameterSupport.UnitInterval,
        ["saturation_lam"] = ParameterSupport.Positive,
        ["saturation_beta"] = ParameterSupport.Positive,
        ["gamma_control"] = ParameterSupport.Real,
        ["gamma_fourier"] = ParameterSupport.Real,
        ["y_sigma"] = ParameterSupport.Positive,
    };

    public IReadOnlyDictionary<string, Prior> Overrides { get; init; } = new Dictionary<string, Prior>();

    public static string GroupOf(string parameter) => parameter.IndexOf('[') is var i and > 0 ? parameter[..i] : parameter;

    public Prior For(string parameter) =>
        Overrides.GetValueOrDefault(parameter) ?? Overrides.GetValueOrDefault(GroupOf(parameter)) ?? Defaults[GroupOf(parameter)];

    /// <summary>Every override that names no parameter of the model or does not fit its parameter's support.</summary>
    public IEnumerable<DataProblem> Validate(IReadOnlyList<string> parameterNames)
    {
        foreach (var (name, prior) in Overrides)
        {
            string group = GroupOf(name);
            if (!GroupSupport.TryGetValue(group, out var support) || (name != group && !parameterNames.Contains(name)))
            {
                yield return new DataProblem($"priors[{name}]", null, "no such parameter in this model.");
                continue;
            }
            if (prior.Problem(support) is { } problem) yield return new DataProblem($"priors[{name}]", null, problem);
        }
    }
}
