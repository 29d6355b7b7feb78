namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// One look of an always-valid monitor: this look's estimate and evidence, and the p-value and confidence sequence
/// over all looks so far (running minimum and running intersection), which stay valid however often one peeks.
/// </summary>
public sealed record SequentialLook(
    int Look,
    double ThetaHat,
    double Variance,
    double LogLikelihoodRatio,
    double AlwaysValidP,
    ConfidenceInterval ConfidenceSetAtLook,
    ConfidenceInterval ConfidenceSequence)
{
    public bool Significant(double alpha) => AlwaysValidP < alpha;
}
