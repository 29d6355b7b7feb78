using System.Text.Json;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Tests.Infrastructure;

public sealed class ModelRunSettingsTests
{
    [Fact]
    public void SettingsStoredBeforeShapes_ReadBackAsTheDefaultModel()
    {
        // A run's settings JSON as the app stored it before adstock/saturation/l_max were part of it.
        const string old = """{"dataset_id":"6f1c2a9e-0000-4000-8000-000000000001","kpi":"sales","channels":["tv"],"controls":[],"method":"nuts","chains":2,"warmup":300,"draws":300,"target_accept":0.9,"seed":42}""";
        var settings = JsonSerializer.Deserialize<ModelRunSettings>(old, StoredFitResult.JsonOptions)!;
        Assert.Equal(("geometric", "logistic", 8), (settings.Adstock, settings.Saturation, settings.LMax));
        var spec = settings.ToSpec();
        Assert.Same(AdstockShape.Geometric, spec.Adstock);
        Assert.Same(SaturationShape.Logistic, spec.Saturation);
        Assert.Empty(settings.CheckSampler());
    }

    [Fact]
    public void Shapes_RoundTripThroughTheStoredJson_AndUnknownOnesAreRefusedByField()
    {
        var settings = ModelRunSettings.Fast(Guid.NewGuid(), "sales", ["tv"], []) with { Adstock = "weibull_pdf", Saturation = "michaelis_menten", LMax = 10 };
        var back = JsonSerializer.Deserialize<ModelRunSettings>(JsonSerializer.Serialize(settings, StoredFitResult.JsonOptions), StoredFitResult.JsonOptions)!;
        Assert.Same(AdstockShape.WeibullPdf, back.ToSpec().Adstock);
        Assert.Same(SaturationShape.MichaelisMenten, back.ToSpec().Saturation);
        Assert.Equal(10, back.ToSpec().LMax);

        var bad = settings with { Adstock = "exponential", Saturation = "root", LMax = 0 };
        Assert.Equal(["adstock", "saturation", "l_max"], bad.CheckSampler().Select(e => e.Field).ToArray());
        Assert.Equal(["l_max"], (settings with { LMax = 1 }).CheckSampler().Select(e => e.Field).ToArray());   // Weibull PDF needs 2 lags
    }

    [Fact]
    public void Priors_PerChannel_RoundTripIntoTheSpec_AndBadOnesAreRefusedByField()
    {
        var settings = ModelRunSettings.Fast(Guid.NewGuid(), "sales", ["tv", "search"], ["price"]) with
        {
            Priors = new Dictionary<string, string> { ["adstock_alpha[tv]"] = "Beta(3, 3)", ["saturation_beta"] = "HalfNormal(1)" },
        };
        var back = JsonSerializer.Deserialize<ModelRunSettings>(JsonSerializer.Serialize(settings, StoredFitResult.JsonOptions), StoredFitResult.JsonOptions)!;
        Assert.Empty(back.CheckSampler());
        var priors = back.ToSpec().Priors;
        Assert.Equal(Prior.Beta(3, 3).ToString(), priors.For("adstock_alpha[tv]").ToString());
        Assert.Equal(Prior.Beta(1, 3).ToString(), priors.For("adstock_alpha[search]").ToString());          // the default where nothing overrides it
        Assert.Equal(Prior.HalfNormal(1).ToString(), priors.For("saturation_beta[search]").ToString());     // a group override reaches every channel

        var bad = settings with
        {
            Priors = new Dictionary<string, string>
            {
                ["adstock_alpha[radio]"] = "Beta(1, 3)",        // not a channel of this run
                ["adstock_theta"] = "HalfNormal(1)",           // geometric adstock has no theta
                ["saturation_lam[tv]"] = "Beta(1, 3)",         // lam is positive, not in (0, 1)
                ["gamma_control[price]"] = "Normal(0",         // does not parse
            },
        };
        Assert.Equal(["priors[adstock_alpha[radio]]", "priors[adstock_theta]", "priors[saturation_lam[tv]]", "priors[gamma_control[price]]"],
            bad.CheckSampler().Select(e => e.Field).ToArray());
    }
}
