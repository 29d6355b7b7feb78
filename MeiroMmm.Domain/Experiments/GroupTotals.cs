using static System.FormattableString;

namespace MeiroMmm.Domain.Experiments;

/// <summary>One experiment group's totals: profiles assigned (or exposed, for the per-protocol view), converting profiles and summed value.</summary>
public sealed record GroupTotals(long Profiles, long Conversions, double Value = 0)
{
    public double Rate => (double)Conversions / Profiles;

    public double ValuePerProfile => Value / Profiles;

    /// <summary>Problems named after the group, e.g. <c>n_treatment</c> and <c>conversions_treatment</c>.</summary>
    public IReadOnlyList<InputProblem> Problems(string group)
    {
        var problems = new List<InputProblem>();
        if (Profiles < 1) problems.Add(new($"n_{group}", Invariant($"n_{group} must be at least 1 profile, not {Profiles}.")));
        if (Conversions < 0) problems.Add(new($"conversions_{group}", Invariant($"conversions_{group} cannot be negative ({Conversions}).")));
        else if (Conversions > Profiles && Profiles >= 1)
            problems.Add(new($"conversions_{group}", Invariant($"conversions_{group} ({Conversions}) cannot exceed n_{group} ({Profiles}): count converting profiles, not conversions.")));
        if (!double.IsFinite(Value)) problems.Add(new($"value_{group}", Invariant($"value_{group} must be a finite number, not {Value}.")));
        return problems;
    }
}
