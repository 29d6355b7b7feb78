namespace MeiroMmm.Domain.Experiments;

/// <summary>Whether a minimum detectable effect is in rate points (0.01 = 1 pp) or relative to the baseline (0.2 = +20%).</summary>
public enum MdeScale { Absolute, Relative }
