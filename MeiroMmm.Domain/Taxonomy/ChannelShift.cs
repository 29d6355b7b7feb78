namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// One channel's touchpoints under the current taxonomy (<see cref="Before"/>) and under the candidate
/// (<see cref="After"/>); <see cref="MovedIn"/> came from other channels, <see cref="MovedOut"/> left for other channels,
/// so After = Before + MovedIn − MovedOut.
/// </summary>
public sealed record ChannelShift(string Channel, int Before, int After, int MovedIn, int MovedOut);
