namespace MeiroMmm.Domain.Attribution;

/// <summary>One MMM channel's figures from a fitted run: its spend and contribution in the period compared, and its ROAS with the 90% interval.</summary>
public sealed record MmmChannelFigures(string SpendColumn, double Spend, double Contribution, double RoasMean, double RoasQ05, double RoasQ95);
