namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// The outcome of one rule on one metric series. <see cref="Evaluated"/> is false when the rule had nothing to judge
/// (no data, too short a baseline, too little volume); then <see cref="Fired"/> is false and <see cref="Message"/> says
/// why. <see cref="Observed"/> is the latest value; <see cref="Score"/> the robust z or % change when the type has one.
/// </summary>
public sealed record RuleEvaluation(bool Evaluated, bool Fired, double? Observed, double? Score, string Message)
{
    public static RuleEvaluation Skipped(string why) => new(false, false, null, null, why);
}
