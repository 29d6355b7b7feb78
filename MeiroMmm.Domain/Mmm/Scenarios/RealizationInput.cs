namespace MeiroMmm.Domain.Mmm.Scenarios;

/// <summary>
/// What a scenario planned and what then happened, for the periods that have arrived (k of the horizon's H).
/// Spend in currency units, the KPI in KPI units; per channel in the forecaster's channel order.
/// </summary>
/// <param name="PlannedPerPeriod">The plan's spend per period of each channel (its total over the horizon ÷ H: the optimizer plans flat spend).</param>
/// <param name="HorizonPeriods">H, the scenario's horizon.</param>
/// <param name="History">Each channel's spend in the periods before the horizon (oldest first), for carry-over.</param>
/// <param name="Dates">The k realized periods' dates.</param>
/// <param name="ActualSpend">[channel][period] spend that happened.</param>
/// <param name="ActualKpi">[period] the KPI that happened.</param>
/// <param name="Controls">[control][period] in model units.</param>
/// <param name="Fourier">[term][period] seasonality features.</param>
public sealed record RealizationInput(
    IReadOnlyList<double> PlannedPerPeriod,
    int HorizonPeriods,
    IReadOnlyList<double[]> History,
    IReadOnlyList<DateOnly> Dates,
    IReadOnlyList<double[]> ActualSpend,
    IReadOnlyList<double> ActualKpi,
    IReadOnlyList<double[]> Controls,
    IReadOnlyList<double[]> Fourier)
{
    /// <summary>Width of every interval: 0.9 is the 90% interval the rest of the app shows.</summary>
    public double Level { get; init; } = 0.9;
    /// <summary>A channel is off plan when its spend differs from the plan by more than this fraction (0.10 = 10%).</summary>
    public double OffPlanTolerance { get; init; } = 0.10;
}
