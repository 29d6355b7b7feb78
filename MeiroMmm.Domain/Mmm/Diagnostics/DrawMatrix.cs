namespace MeiroMmm.Domain.Mmm.Diagnostics;

/// <summary>
/// The draws of one parameter, chain-major: draw t of chain c sits at c·Length + t, so every chain is one
/// contiguous span. This is posterior's iterations × chains matrix; diagnostics read it and never change it.
/// </summary>
internal sealed class DrawMatrix
{
    private readonly double[] _values;
    private double[]? _sorted;

    public DrawMatrix(double[] values, int chains, int length)
    {
        if (values.Length != chains * length) throw new ArgumentException("Length must be chains × draws per chain.", nameof(values));
        _values = values;
        Chains = chains;
        Length = length;
    }

    public int Chains { get; }

    /// <summary>Draws per chain.</summary>
    public int Length { get; }

    public ReadOnlySpan<double> All => _values;

    public ReadOnlySpan<double> Chain(int chain) => _values.AsSpan(chain * Length, Length);

    /// <summary>All draws pooled and sorted ascending, computed once (quantiles, median, HDI and MCSE share it).</summary>
    public double[] Sorted
    {
        get
        {
            if (_sorted is null)
            {
                var sorted = (double[])_values.Clone();
                Array.Sort(sorted);
                _sorted = sorted;
            }
            return _sorted;
        }
    }

    public static DrawMatrix FromChains(double[][] chains, string paramName)
    {
        ArgumentNullException.ThrowIfNull(chains, paramName);
        if (chains.Length == 0) throw new ArgumentException("At least one chain is needed.", paramName);
        int length = chains[0]?.Length ?? 0;
        if (length == 0) throw new ArgumentException("Chains must hold at least one draw.", paramName);
        var values = new double[chains.Length * length];
        for (int c = 0; c < chains.Length; c++)
        {
            if (chains[c] is not { } chain || chain.Length != length)
                throw new ArgumentException($"Chain {c} does not have {length} draws like chain 0.", paramName);
            chain.CopyTo(values, c * length);
        }
        return new DrawMatrix(values, chains.Length, length);
    }

    /// <summary>
    /// posterior's <c>.split_chains</c>: each chain becomes draws 1..floor(n/2) and ceiling(n/2 + 1)..n, so for odd n
    /// the middle draw is dropped. The first halves of all chains come first, then the second halves (R's cbind order).
    /// A single-draw chain is returned unsplit, as posterior does.
    /// </summary>
    public DrawMatrix Split()
    {
        if (Length < 2) return this;
        int half = Length / 2;
        int secondStart = Length - half;
        var split = new double[2 * Chains * half];
        for (int c = 0; c < Chains; c++)
        {
            Chain(c)[..half].CopyTo(split.AsSpan(c * half, half));
            Chain(c)[secondStart..].CopyTo(split.AsSpan((Chains + c) * half, half));
        }
        return new DrawMatrix(split, 2 * Chains, half);
    }

    /// <summary>An element-wise transform (folding, centring, indicators), same shape.</summary>
    public DrawMatrix Map(Func<double, double> transform)
    {
        var mapped = new double[_values.Length];
        for (int i = 0; i < mapped.Length; i++) mapped[i] = transform(_values[i]);
        return new DrawMatrix(mapped, Chains, Length);
    }

    /// <summary>
    /// posterior's <c>should_return_NA</c>: any NaN or ±∞, or all draws equal within machine epsilon
    /// (absolute, |max − min| &lt; 2.2e-16). One constant chain among varying ones is not degenerate.
    /// </summary>
    public bool IsDegenerate
    {
        get
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (double v in _values)
            {
                if (!double.IsFinite(v)) return true;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            return Math.Abs(max - min) < MachineEpsilon;
        }
    }

    /// <summary>R's <c>.Machine$double.eps</c> (2^-52), not .NET's <see cref="double.Epsilon"/> (the smallest subnormal).</summary>
    public const double MachineEpsilon = 1.0 / (1L << 52);
}
