namespace MeiroMmm.Domain.Configs;

/// <summary>
/// How one kind of conversion is recognized: events named <see cref="EventName"/> that pass every filter; its value
/// is read from <see cref="ValueField"/> (null: each conversion is worth 1), and duplicates are removed by
/// <see cref="DedupMode"/>.
/// </summary>
public sealed record ConversionDefinition(string Key, string EventName, IReadOnlyList<ConversionFilter> Filters, string? ValueField, string DedupMode)
{
    /// <summary>Every conversion counts.</summary>
    public const string DedupNone = "none";
    /// <summary>One conversion per conversion id (re-sent events count once).</summary>
    public const string DedupConversionId = "conversion_id";
    /// <summary>At most one conversion per profile and UTC day.</summary>
    public const string DedupProfileDay = "profile_day";
    /// <summary>Only a profile's first conversion counts.</summary>
    public const string DedupProfileOnce = "profile_once";

    public static IReadOnlyList<string> DedupModes { get; } = [DedupNone, DedupConversionId, DedupProfileDay, DedupProfileOnce];
}
