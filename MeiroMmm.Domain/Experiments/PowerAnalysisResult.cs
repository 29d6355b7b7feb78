namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Group sizes (rounded up), the duration when daily traffic was given, and, when the request gave a group size, the
/// achievable minimum detectable effect on both scales.
/// </summary>
public sealed record PowerAnalysisResult(
    long NTreatment, long NControl, long NTotal, long? Days, PowerMethod Method,
    double? MdeAbsolute = null, double? MdeRelative = null, MdeScale MdeType = MdeScale.Absolute)
{
    /// <summary>The achievable MDE on the scale the request used.</summary>
    public double? Mde => MdeType == MdeScale.Absolute ? MdeAbsolute : MdeRelative;
}
