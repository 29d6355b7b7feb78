namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>A point in phase space: position, momentum, and the potential V = −log p with its gradient at the position.</summary>
public sealed class PhasePoint
{
    public PhasePoint(int dimension)
    {
        Q = new double[dimension];
        P = new double[dimension];
        Gradient = new double[dimension];
    }

    public double[] Q { get; }
    public double[] P { get; }
    /// <summary>∇ log p at <see cref="Q"/> (the negative of the potential's gradient).</summary>
    public double[] Gradient { get; }
    /// <summary>log p at <see cref="Q"/>.</summary>
    public double LogDensity { get; set; }

    public void CopyFrom(PhasePoint other)
    {
        other.Q.CopyTo(Q, 0);
        other.P.CopyTo(P, 0);
        other.Gradient.CopyTo(Gradient, 0);
        LogDensity = other.LogDensity;
    }
}
