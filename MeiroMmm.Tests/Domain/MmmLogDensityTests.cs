using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Domain;

public sealed class MmmLogDensityTests
{
    private static readonly MmmPosterior Posterior = new(ScaledMmmData.Prepare(ReferenceFiles.StandardData(), ReferenceFiles.StandardSpec));

    [Theory]
    [InlineData("truth")]
    [InlineData("random_1")]
    [InlineData("random_2")]
    public void LogDensity_MatchesTheIndependentScipyReference(string point)
    {
        var reference = ReferenceFiles.Json("stan/logdensity_reference.json").GetProperty("points").GetProperty(point);
        var q = reference.GetProperty("unconstrained_stan_order").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var gradient = new double[q.Length];
        double logp = Posterior.CreateEvaluator().LogDensityGradient(q, gradient);
        double expected = reference.GetProperty("log_density_unconstrained_with_jacobian").GetDouble();
        Assert.Equal(expected, logp, Math.Abs(expected) * 1e-10);

        // Parameter order and names agree with the reference's constrained values.
        var constrained = new double[q.Length];
        Posterior.Layout.Constrain(q, constrained);
        var parameters = reference.GetProperty("parameters");
        for (int i = 0; i < q.Length; i++)
            Assert.Equal(parameters.GetProperty(Posterior.Layout.Names[i]).GetDouble(), constrained[i], 1e-12);
    }

    [Theory]
    [InlineData("truth")]
    [InlineData("random_1")]
    [InlineData("random_2")]
    public void Gradient_MatchesCentralFiniteDifferences(string point)
    {
        var q = ReferenceFiles.Json("stan/logdensity_reference.json").GetProperty("points").GetProperty(point)
            .GetProperty("unconstrained_stan_order").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        GradientCheck.AssertMatchesFiniteDifferences(Posterior.CreateEvaluator(), q, Posterior.Layout.Names);
    }

    [Fact]
    public void Validator_ReportsEveryProblemWithColumnAndRow()
    {
        var data = ReferenceFiles.StandardData();
        var broken = data with
        {
            Channels = [.. data.Channels.Select(c => c.Name == "tv_spend" ? c with { Values = [.. c.Values.Select((v, t) => t == 4 ? -1.0 : v)] } : c),],
            Controls = [new("price_index", [.. data.Controls[0].Values.Select((v, t) => t == 9 ? double.NaN : v)]), data.Controls[1]],
        };
        var spec = ReferenceFiles.StandardSpec with { Channels = [.. ReferenceFiles.StandardChannels, "radio_spend"] };
        var problems = MmmDataValidator.Validate(broken, spec);
        Assert.Contains(problems, p => p is { Column: "tv_spend", Row: 5 } && p.Message.Contains("negative"));
        Assert.Contains(problems, p => p is { Column: "price_index", Row: 10 });
        Assert.Contains(problems, p => p is { Column: "radio_spend", Row: null });
        Assert.Equal(3, problems.Count);
    }
}
