namespace MeiroMmm.Domain.Mmm.Sampling;

/// <summary>The post-warm-up draws of one chain (unconstrained), with per-draw sampler statistics.</summary>
public sealed class ChainDraws(int draws, int dimension)
{
    /// <summary>Draw-major: Values[draw * Dimension + parameter].</summary>
    public double[] Values { get; } = new double[draws * dimension];
    public double[] LogDensity { get; } = new double[draws];
    public double[] AcceptStat { get; } = new double[draws];
    public int[] TreeDepth { get; } = new int[draws];
    public bool[] Divergent { get; } = new bool[draws];
    public double[] Energy { get; } = new double[draws];
    public int Draws { get; } = draws;
    public int Dimension { get; } = dimension;
    public double StepSize { get; set; }
    public double[] InverseMetric { get; set; } = [];
    /// <summary>Leapfrog steps (= gradient evaluations), warm-up included.</summary>
    public long GradientEvaluations { get; set; }
    public TimeSpan WarmupTime { get; set; }
    public TimeSpan SamplingTime { get; set; }
    public int WarmupDivergences { get; set; }

    public ReadOnlySpan<double> Draw(int i) => Values.AsSpan(i * Dimension, Dimension);
}
