using MeiroMmm.Domain.Attribution;
using MeiroMmm.Domain.Attribution.Demo;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Domain.Experiments.Demo;
using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Demo;

namespace MeiroMmm.Tests.Domain;

public sealed class DemoGeneratorTests
{
    [Fact]
    public void WeeklyDemo_HasTheDocumentedShape_AndIsReproducible()
    {
        var a = new WeeklyMmmDemoGenerator().Generate();
        var b = new WeeklyMmmDemoGenerator().Generate();
        Assert.Equal(156, a.Data.PeriodCount);
        Assert.All(a.Data.Dates, d => Assert.Equal(DayOfWeek.Monday, d.DayOfWeek));
        Assert.Equal(5, a.Data.Channels.Count);
        Assert.Equal(["price_index", "holiday"], a.Data.Controls.Select(c => c.Name));
        Assert.All(a.Data.Channels, c => Assert.All(c.Values, v => Assert.True(v >= 0)));
        Assert.Contains(a.Data.Channels[0].Values, v => v == 0);   // TV is flighted: some weeks dark
        Assert.Equal(a.Data.Kpis[0].Values, b.Data.Kpis[0].Values);
        Assert.Equal(a.Truth.Parameters, b.Truth.Parameters);
    }

    [Fact]
    public void WeeklyDemo_TruthReproducesTheData_ResidualsHaveTheTrueNoiseLevel()
    {
        // Recompute the model mean from the stored truth (PyMC-Marketing's equation, scaled space) and check the residuals
        // are white noise of sd ≈ y_sigma: this fails if the stored truth does not belong to the data.
        var demo = new WeeklyMmmDemoGenerator().Generate();
        var p = demo.Truth.Parameters;
        var data = demo.Data;
        int n = data.PeriodCount;
        var y = data.Kpis[0].Values;
        double yMax = y.Max();
        var mu = Enumerable.Repeat(p["intercept"], n).ToArray();
        var buffer = new double[n];
        foreach (var channel in data.Channels)
        {
            double max = channel.Values.Max();
            MediaTransforms.GeometricAdstock(channel.Values.Select(v => v / max).ToArray(), p[$"adstock_alpha[{channel.Name}]"], demo.Truth.LMax, buffer);
            for (int t = 0; t < n; t++) mu[t] += p[$"saturation_beta[{channel.Name}]"] * MediaTransforms.Logistic(buffer[t], p[$"saturation_lam[{channel.Name}]"]);
        }
        foreach (var control in data.Controls)
            for (int t = 0; t < n; t++) mu[t] += p[$"gamma_control[{control.Name}]"] * control.Values[t];
        var fourier = YearlyFourier.Features(data.Dates, demo.Truth.FourierOrder);
        var names = YearlyFourier.TermNames(demo.Truth.FourierOrder);
        for (int t = 0; t < n; t++)
            for (int j = 0; j < names.Count; j++) mu[t] += p[$"gamma_fourier[{names[j]}]"] * fourier[t * names.Count + j];

        var residuals = Enumerable.Range(0, n).Select(t => y[t] / yMax - mu[t]).ToArray();
        double mean = residuals.Average();
        double sd = Math.Sqrt(residuals.Sum(r => (r - mean) * (r - mean)) / (n - 1));
        double sigma = p["y_sigma"];
        // For n = 156 the sample sd of N(0, σ) lies within ±25% of σ with overwhelming probability (χ² bounds).
        Assert.InRange(sd, 0.75 * sigma, 1.25 * sigma);
        Assert.InRange(Math.Abs(mean), 0, 4 * sigma / Math.Sqrt(n));
    }

    [Fact]
    public void WeeklyDemo_TrueRoasIsContributionOverSpend()
    {
        var demo = new WeeklyMmmDemoGenerator().Generate();
        foreach (var channel in demo.Data.Channels)
        {
            double roas = demo.Truth.TrueRoas[channel.Name];
            Assert.Equal(demo.Truth.TrueContribution[channel.Name] / channel.Values.Sum(), roas, 1e-12);
            Assert.InRange(roas, 0.5, 100);   // cheap e-mail has the highest ROAS, as in reference/stan's standard data (≈53)
        }
    }

    [Fact]
    public void DemoJourneys_AreReproducible_AndMixConvertingUnknownAndMultiTouchPaths()
    {
        var journeys = new DemoJourneyGenerator().Generate();
        var again = new DemoJourneyGenerator().Generate();
        Assert.Equal(3000, journeys.Count);
        Assert.Equal(journeys.Select(j => PathHash.Of(j.Touchpoints.Select(t => t.Channel))), again.Select(j => PathHash.Of(j.Touchpoints.Select(t => t.Channel))));
        double convertingShare = journeys.Count(j => j.Converted) / 3000.0;
        Assert.InRange(convertingShare, 0.1, 0.9);
        Assert.All(journeys.Where(j => j.Converted), j => Assert.NotNull(j.ConversionId));
        var channels = journeys.SelectMany(j => j.Touchpoints).Select(t => t.Channel).ToHashSet();
        Assert.Contains("paid_search", channels);
        Assert.Contains("email", channels);
        Assert.Contains("unknown", channels);   // the deliberately unmappable tag
        Assert.Contains(journeys, j => j.Touchpoints.Count > 1);
        Assert.All(journeys, j => Assert.All(j.Touchpoints, t => Assert.NotNull(t.Source)));
    }

    [Fact]
    public void DemoExperiment_AssignsByHash_AndOnlyTreatedProfilesAreExposed()
    {
        var experiment = new DemoExperimentGenerator().Generate();
        Assert.All(experiment.Assignments, a => Assert.Equal(DeterministicAssigner.Assign(a.ProfileId, experiment.Key, experiment.Salt, experiment.TreatmentRate), a.Group));
        var treated = experiment.Assignments.Where(a => a.Group == ExperimentGroup.Treatment).Select(a => a.ProfileId).ToHashSet();
        Assert.All(experiment.Exposures, e => Assert.Contains(e.ProfileId, treated));
        Assert.NotEmpty(experiment.Outcomes);
        // 6,000 profiles at 90% treatment: the control share is 10% ± 4 binomial sd.
        double controlShare = 1 - treated.Count / 6000.0;
        Assert.InRange(controlShare, 0.1 - 4 * Math.Sqrt(0.09 / 6000), 0.1 + 4 * Math.Sqrt(0.09 / 6000));
    }
}
