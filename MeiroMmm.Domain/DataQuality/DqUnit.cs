namespace MeiroMmm.Domain.DataQuality;

/// <summary>What a metric's number means, so pages format it (a fraction as %, hours as h) and rules read it right.</summary>
public enum DqUnit
{
    /// <summary>A share in [0, 1], shown as a percentage.</summary>
    Fraction,
    /// <summary>A score in [0, 1] that is not a share (mean mapping confidence).</summary>
    Score,
    /// <summary>A ratio to a baseline: 1 means "as usual".</summary>
    Ratio,
    Count,
    Hours,
    /// <summary>Money in the dataset's own currency.</summary>
    Money,
}
