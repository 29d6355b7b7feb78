namespace MeiroMmm.Domain.Mmm.Demo;

/// <summary>
/// The known parameters a demo dataset was generated from, so a fitted model can be compared with the truth.
/// <see cref="Parameters"/> use PyMC-Marketing names in the model's scaled space (channels / per-channel max,
/// KPI / max KPI, controls unscaled); ROAS and contributions are in original units.
/// </summary>
public sealed record DemoMmmTruth(
    int Seed,
    int LMax,
    int FourierOrder,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> TrueContribution,
    IReadOnlyDictionary<string, double> TrueRoas);

public sealed record DemoMmmDataset(string Name, MmmWideData Data, DemoMmmTruth Truth);
