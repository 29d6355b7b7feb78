namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>
/// The groups of the profiles in one assign request: <c>Assigned</c> distinct profiles, of which <c>NewlyAssigned</c>
/// were new (the rest kept the group stored earlier), split into treatment and control.
/// </summary>
public sealed record AssignmentSummary(int Assigned, int NewlyAssigned, int Treatment, int Control);
