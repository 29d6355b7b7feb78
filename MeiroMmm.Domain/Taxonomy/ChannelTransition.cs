namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// Touchpoints whose channel would change from <see cref="From"/> to <see cref="To"/>, with a few of the source/medium
/// pairs that move (most frequent first) so an admin can see why.
/// </summary>
public sealed record ChannelTransition(string From, string To, int Touchpoints, IReadOnlyList<string> ExamplePairs);
