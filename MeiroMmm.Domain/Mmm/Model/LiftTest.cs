namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>
/// A measured lift (an incrementality experiment's result) for one channel, in original units: spending
/// <see cref="X"/> per period and changing it by <see cref="DeltaX"/> changed the KPI by <see cref="DeltaY"/> per period, with
/// standard error <see cref="Sigma"/>. As PyMC-Marketing's add_lift_test_measurements (reference/PRIORS.md §8), it adds
/// |ΔY| ~ Gamma(mean = |β(L(x+Δx) − L(x))|, sd = σ) to the likelihood, on the saturation curve (steady state).
/// </summary>
public sealed record LiftTest(string Channel, double X, double DeltaX, double DeltaY, double Sigma)
{
    public IEnumerable<DataProblem> Validate(IReadOnlyList<string> channels, int row)
    {
        string column = $"lift_tests[{row}]";
        if (!channels.Contains(Channel)) yield return new DataProblem(column, row, $"channel '{Channel}' is not in the model.");
        if (!(Sigma > 0) || !double.IsFinite(Sigma)) yield return new DataProblem(column, row, $"sigma must be a positive number, not {Sigma}.");
        if (!(X >= 0) || !double.IsFinite(X)) yield return new DataProblem(column, row, $"x (spend before) must be zero or more, not {X}.");
        if (DeltaX == 0 || !double.IsFinite(DeltaX) || X + DeltaX < 0) yield return new DataProblem(column, row, $"delta_x must be non-zero and keep spend at zero or more, not {DeltaX}.");
        if (!double.IsFinite(DeltaY) || DeltaX * DeltaY < 0 || DeltaY == 0)
            yield return new DataProblem(column, row, "delta_y must be non-zero with the same sign as delta_x (the response to spend is monotone).");
    }
}

/// <summary>A lift test in the model's scaled space: channel index, x and Δx over the channel's scale, |Δy| and σ over the KPI's.</summary>
public readonly record struct ScaledLiftTest(int Channel, double X, double DeltaX, double AbsDeltaY, double Sigma);
