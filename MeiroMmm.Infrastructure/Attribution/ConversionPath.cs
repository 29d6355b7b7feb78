using System.Text;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// One stored journey, in the seed's conversion-path table. <see cref="ConversionId"/> is unique: the source's conversion
/// id, or a content hash for journeys without one, so re-importing the same data never double-counts it.
/// </summary>
public sealed class ConversionPath
{
    public long Id { get; set; }
    public required string ConversionId { get; set; }
    public required string ProfileId { get; set; }
    public string? ConversionKey { get; set; }
    public DateTimeOffset? ConversionTs { get; set; }
    public bool Converted { get; set; }
    public double ConversionValue { get; set; }
    private string? _pathJson;
    private byte[]? _pathJsonUtf8;

    /// <summary>
    /// The touchpoints as JSON (channel, timestamp, campaign, source, medium, event_type). A row an upload built from
    /// <see cref="PathJsonUtf8"/> makes the string only when something reads it.
    /// </summary>
    public string PathJson
    {
        get => _pathJson ??= Encoding.UTF8.GetString(_pathJsonUtf8 ?? throw new InvalidOperationException("The path JSON was never set."));
        set => (_pathJson, _pathJsonUtf8) = (value, null);   // the bytes no longer say the same
    }

    /// <summary>
    /// <see cref="PathJson"/> as the upload's mapper wrote it, in UTF-8: the SQLite writer stores these bytes as they are,
    /// with no UTF-16 string made and encoded back (a kilobyte per journey). Null on rows read from the database.
    /// </summary>
    public byte[]? PathJsonUtf8 { get => _pathJsonUtf8; init => (_pathJson, _pathJsonUtf8) = (null, value); }
    /// <summary>SHA-256 of the channel sequence (see Domain.Attribution.PathHash).</summary>
    public required string PathHash { get; set; }
    /// <summary>The channel sequence as the seed's CSV spells it ("a > b > c"), what <see cref="PathHash"/> hashes.</summary>
    public required string ChannelPath { get; set; }
    public int PathLength { get; set; }
    /// <summary>The day the journey counts on (UTC): its conversion, else its last touch, else its import.</summary>
    public DateOnly JourneyDate { get; set; }
    public DateTimeOffset? FirstTouchTs { get; set; }
    public DateTimeOffset? LastTouchTs { get; set; }
    /// <summary>"demo", "upload" or "cdp".</summary>
    public required string Origin { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}
