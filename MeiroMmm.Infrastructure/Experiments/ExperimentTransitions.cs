namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>The life cycle draft → running → completed → archived, one step at a time and never back.</summary>
public static class ExperimentTransitions
{
    private static readonly Dictionary<ExperimentStatus, ExperimentStatus> Next = new()
    {
        [ExperimentStatus.Draft] = ExperimentStatus.Running,
        [ExperimentStatus.Running] = ExperimentStatus.Completed,
        [ExperimentStatus.Completed] = ExperimentStatus.Archived,
    };

    /// <summary>Null when <paramref name="from"/> may move to <paramref name="to"/>, else the reason it may not.</summary>
    public static string? WhyNot(ExperimentStatus from, ExperimentStatus to)
    {
        if (from == to) return $"The experiment is already {Name(from)}.";
        if (Next.TryGetValue(from, out var next) && next == to) return null;
        return Next.TryGetValue(from, out next)
            ? $"A {Name(from)} experiment can only become {Name(next)}, not {Name(to)} (draft → running → completed → archived)."
            : $"An {Name(from)} experiment cannot change status any more.";
    }

    public static string Name(ExperimentStatus status) => status.ToString().ToLowerInvariant();
}
