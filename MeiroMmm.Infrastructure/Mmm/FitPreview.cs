using MeiroMmm.Domain.Mmm.Fitting;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// What the Laplace approximation at the posterior mode says before (or while) NUTS samples: each channel's
/// contribution, share of the KPI and ROAS with approximate 90% intervals, and the fit. Preliminary by construction
/// (a normal approximation, not the posterior), so pages label it as such.
/// </summary>
/// <param name="Seconds">Time to find the mode and summarize the approximation.</param>
public sealed record FitPreview(IReadOnlyList<ChannelSummary> Channels, FitQuality Fit, double Seconds)
{
    public static FitPreview From(MmmFitResult laplace) => new(laplace.Channels, laplace.Fit, laplace.Diagnostics.TotalSeconds);
}
