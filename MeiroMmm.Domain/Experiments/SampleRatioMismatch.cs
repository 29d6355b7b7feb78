namespace MeiroMmm.Domain.Experiments;

/// <summary>
/// Sample-ratio-mismatch check: Pearson's chi-square of the group sizes against the planned treatment rate (df = 1,
/// scipy <c>chisquare([n_t, n_c], f_exp=[N·t, N·(1 − t)])</c>). A mismatch usually means broken assignment or
/// logging, which invalidates every other number, hence the strict threshold.
/// </summary>
public sealed record SampleRatioMismatch(double ExpectedTreatment, double ExpectedControl, double ChiSquare, double PValue)
{
    public const double FlagThreshold = 0.001;

    public bool Flagged => PValue < FlagThreshold;

    public static SampleRatioMismatch Test(long treatmentProfiles, long controlProfiles, double treatmentRate)
    {
        double total = treatmentProfiles + controlProfiles;
        double expectedTreatment = total * treatmentRate, expectedControl = total * (1 - treatmentRate);
        double dt = treatmentProfiles - expectedTreatment, dc = controlProfiles - expectedControl;
        double chiSquare = dt * dt / expectedTreatment + dc * dc / expectedControl;
        // With one degree of freedom the chi-square tail is the two-sided normal tail of √χ².
        return new(expectedTreatment, expectedControl, chiSquare, StandardNormal.TwoSidedP(Math.Sqrt(chiSquare)));
    }
}
