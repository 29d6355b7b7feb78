using System.Text.Json.Serialization;

namespace MeiroMmm.Domain.Mmm.Quality;

/// <summary>A run's grade, every finding that lowered it, and each media parameter's prior-to-posterior shift.</summary>
public sealed record RunQuality(RunGrade Grade, IReadOnlyList<QualityReason> Reasons, IReadOnlyList<PriorPosteriorShift> PriorShifts)
{
    /// <summary>Every finding, worst first, including those that do not lower the grade (info); the API serves them at /diagnostics.</summary>
    [JsonIgnore] public IReadOnlyList<RunDiagnostic> Findings { get; init; } = [];
}
