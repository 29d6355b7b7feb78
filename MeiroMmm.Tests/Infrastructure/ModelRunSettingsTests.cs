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
}
