using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Domain.Mmm.Fitting;

/// <summary>One part of the modelled KPI over time (posterior mean, KPI units) and what kind of part it is.</summary>
public sealed record ContributionComponent(string Name, string Kind, double[] Values)
{
    public const string Baseline = "baseline", Seasonality = "seasonality", Control = "control", Channel = "channel";
    public double Total => Values.Sum();
}

/// <summary>
/// The posterior-mean KPI split into parts that add up to the mean prediction: baseline (intercept), yearly
/// seasonality (all Fourier terms), each control, and each channel. The model is additive (reference/PRIORS.md §2), so
/// the mean of each linear part is its coefficient's posterior mean times its feature, scaled back by max(KPI); the
/// channels' parts are the fit's stored mean contributions.
/// </summary>
public static class ContributionDecomposition
{
    public static IReadOnlyList<ContributionComponent> Decompose(ScaledMmmData data, MmmPosteriorDraws draws, IReadOnlyList<ChannelContributionSeries> channels)
    {
        int T = data.Periods;
        double Mean(string name)
        {
            int index = draws.Names.ToList().IndexOf(name);
            return index < 0 ? 0 : draws.Values[index].Average();
        }
        var parts = new List<ContributionComponent>
        {
            new("baseline", ContributionComponent.Baseline, Enumerable.Repeat(data.TargetScale * Mean("intercept"), T).ToArray()),
        };
        if (data.FourierNames.Count > 0)
        {
            var seasonality = new double[T];
            for (int j = 0; j < data.FourierNames.Count; j++)
            {
                double g = data.TargetScale * Mean($"gamma_fourier[{data.FourierNames[j]}]");
                for (int t = 0; t < T; t++) seasonality[t] += g * data.Fourier[j * T + t];
            }
            parts.Add(new("seasonality", ContributionComponent.Seasonality, seasonality));
        }
        for (int k = 0; k < data.ControlNames.Count; k++)
        {
            double g = data.TargetScale * Mean($"gamma_control[{data.ControlNames[k]}]");
            parts.Add(new(data.ControlNames[k], ContributionComponent.Control, [.. Enumerable.Range(0, T).Select(t => g * data.Controls[k * T + t])]));
        }
        parts.AddRange(channels.Select(c => new ContributionComponent(c.Channel, ContributionComponent.Channel, c.Mean)));
        return parts;
    }
}
