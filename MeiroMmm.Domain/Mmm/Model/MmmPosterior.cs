using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>The MMM's posterior on the unconstrained scale, for the sampler and the optimizer.</summary>
public sealed class MmmPosterior(ScaledMmmData data) : IDensityModel
{
    public ScaledMmmData Data { get; } = data;
    public MmmParameterLayout Layout { get; } = new(data.ChannelNames, data.ControlNames, data.FourierNames, data.Adstock, data.Saturation);
    public int Dimension => Layout.Dimension;
    public IGradientEvaluator CreateEvaluator() => new MmmLogDensity(Data, Layout);
}
