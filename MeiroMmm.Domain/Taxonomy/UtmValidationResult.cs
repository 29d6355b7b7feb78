namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// What <see cref="UtmValidator"/> found. <see cref="Normalized"/> holds each canonical UTM parameter that has a value,
/// normalized; <see cref="Confidence"/> is the channel-mapping confidence of that normalized tag (<see cref="Mapping"/>).
/// </summary>
public sealed record UtmValidationResult(
    bool IsValid,
    IReadOnlyList<UtmIssue> Warnings,
    IReadOnlyList<UtmIssue> Errors,
    IReadOnlyDictionary<string, string> Normalized,
    double Confidence,
    ChannelMapping Mapping);
