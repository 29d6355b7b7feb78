using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Experiments;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Mmm;

/// <summary>
/// The run form's model options beyond columns and sampler preset: adstock and saturation shapes, l_max, prior
/// overrides per channel, and lift tests taken from completed experiments. Owned by the form, edited by
/// <see cref="RunAdvancedOptions"/>, applied to the preset's settings when the run starts.
/// </summary>
public sealed class RunFormOptions
{
    public string Adstock { get; set; } = AdstockShape.Geometric.Name;
    public string Saturation { get; set; } = SaturationShape.Logistic.Name;
    public int LMax { get; set; } = 8;
    /// <summary>Prior text per parameter ("saturation_beta[tv_spend]" → "HalfNormal(1)"); empty text keeps the default.</summary>
    public Dictionary<string, string> Priors { get; } = [];
    public List<LiftTestExport> LiftTests { get; } = [];

    /// <summary>The preset's settings with these options, keeping only the priors and lift tests of the chosen channels.</summary>
    public ModelRunSettings Apply(ModelRunSettings preset)
    {
        var shapes = ParameterGroups();
        var priors = Priors.Where(p => !string.IsNullOrWhiteSpace(p.Value) && shapes.Contains(MmmPriors.GroupOf(p.Key))
                                       && preset.Channels.Any(c => p.Key.EndsWith($"[{c}]", StringComparison.Ordinal)))
            .ToDictionary(p => p.Key, p => p.Value.Trim());
        var lifts = LiftTests.Where(l => preset.Channels.Contains(l.Channel)).Select(l => new LiftTest(l.Channel, l.X, l.DeltaX, l.DeltaY, l.Sigma)).ToList();
        return preset with
        {
            Adstock = Adstock, Saturation = Saturation, LMax = LMax,
            Priors = priors.Count == 0 ? null : priors, LiftTests = lifts.Count == 0 ? null : lifts,
        };
    }

    /// <summary>The per-channel parameter groups of the chosen shapes ("adstock_alpha", "saturation_lam", …).</summary>
    public IReadOnlyList<string> ParameterGroups()
    {
        var adstock = AdstockShape.TryParse(Adstock) ?? AdstockShape.Geometric;
        var saturation = SaturationShape.TryParse(Saturation) ?? SaturationShape.Logistic;
        return [.. adstock.Parameters.Select(p => "adstock_" + p.Name), .. saturation.Parameters.Select(p => "saturation_" + p.Name)];
    }

    /// <summary>The default prior of a group for the chosen shapes, as text ("Beta(1, 3)").</summary>
    public string DefaultPrior(string group)
    {
        var defaults = MmmPriors.DefaultsFor(AdstockShape.TryParse(Adstock) ?? AdstockShape.Geometric, SaturationShape.TryParse(Saturation) ?? SaturationShape.Logistic);
        return defaults.TryGetValue(group, out var prior) ? prior.ToString() : "";
    }
}
