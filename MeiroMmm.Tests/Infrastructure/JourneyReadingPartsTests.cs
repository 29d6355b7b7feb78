using System.Globalization;
using System.Text;
using MeiroMmm.Infrastructure.Attribution.Ingestion;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The shortcuts the journey reader takes for speed, each held to the general code it stands in for.</summary>
public sealed class JourneyReadingPartsTests
{
    private static bool GeneralParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    public static TheoryData<string> Timestamps => new()
    {
        "2026-01-15T15:26:23Z", "2026-01-15T15:26:23", "2026-01-15T15:26:23+02:00", "2026-01-15T00:10:00-05:30",
        "2026-01-15T15:26:23.5Z", "2026-01-15T15:26:23.1234567Z", "2026-01-15T15:26:23.123+01:00", "2024-02-29T23:59:59+14:00",
        "0001-01-01T00:30:00+01:00", "9999-12-31T23:59:59-01:00", "2026-12-31T23:59:59-12:00",
        // Not the common form, or out of range: the general parser decides, whatever it says.
        "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-01-15T24:00:00Z", "2026-01-15T15:60:00Z", "2026-01-15T15:26:60Z",
        "2026-01-15T15:26:23.12345678Z", "2026-01-15T15:26:23.Z", "2026-01-15t15:26:23z", "2026-01-15 15:26:23", "2026-01-15",
        "2026-01-15T15:26:23+15:00", "2026-01-15T15:26:23+0200", "2026-01-15T15:26:23 +02:00", "2026-01-15T15:26:23Zx",
        "2026-01-15T15:26", "15/01/2026 15:26", "yesterday", "２０２６-01-15T15:26:23Z",
    };

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void IsoTimestamp_AgreesWithTheGeneralParser(string text)
    {
        bool expected = GeneralParse(text, out var general);
        Assert.Equal(expected, IsoTimestamp.TryParse(text, out var fast));
        Assert.Equal(general, fast);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
        // Read in place from UTF-8 (JSON values) the common form gives the same, and anything else is left to the general parser.
        if (IsoTimestamp.TryParseCommonForm(Encoding.UTF8.GetBytes(text), out var inPlace)) Assert.Equal((true, general.UtcTicks), (expected, inPlace.UtcTicks));
    }

    [Fact]
    public void IsoTimestamp_ReadsTheFormsFilesUse_InPlace_OverManyRandomInstants()
    {
        var random = new Random(7);
        string[] offsets = ["Z", "", "+00:00", "+05:45", "-03:00", "+14:00", "-12:00"];
        for (int i = 0; i < 20_000; i++)
        {
            var instant = new DateTime(2000, 1, 1).AddTicks((long)(random.NextDouble() * 40 * TimeSpan.TicksPerDay * 365));
            string fraction = (i % 3) switch { 0 => "", 1 => "." + random.Next(1000).ToString("000", CultureInfo.InvariantCulture), _ => "." + random.Next(10_000_000).ToString("0000000", CultureInfo.InvariantCulture) };
            string text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + offsets[i % offsets.Length];
            Assert.True(GeneralParse(text, out var general), text);
            Assert.True(IsoTimestamp.TryParseCommonForm(Encoding.UTF8.GetBytes(text), out var fast), text);
            Assert.Equal(general, fast);
        }
    }

    [Fact]
    public void StringPool_GivesOneInstancePerValue_AndTheRightTextEvenWhenSlotsCollide()
    {
        var pool = new Utf8StringPool();
        byte[] google = "google"u8.ToArray();
        Assert.Null(pool.Find(google));
        string first = pool.Keep(google, "google");
        Assert.Same(first, pool.Find("google"u8.ToArray()));

        // Far more values than slots: whatever the pool answers must be the value's own text.
        for (int round = 0; round < 2; round++)
            for (int i = 0; i < 20_000; i++)
            {
                string text = "campaign-" + i.ToString(CultureInfo.InvariantCulture);
                byte[] utf8 = Encoding.UTF8.GetBytes(text);
                Assert.Equal(text, pool.Find(utf8) ?? pool.Keep(utf8, text));
            }
        string longText = new('x', 100);
        Assert.Equal(longText, pool.Keep(Encoding.UTF8.GetBytes(longText), longText));
        Assert.Null(pool.Find(Encoding.UTF8.GetBytes(longText)));   // long values are never kept
    }

    [Fact]
    public void DedupKeySet_TellsRepeatsFromNewKeys()
    {
        var set = new DedupKeySet();
        for (int i = 0; i < 100_000; i++) Assert.True(set.Add("sha256:" + i.ToString("x64", CultureInfo.InvariantCulture)));
        Assert.False(set.Add("sha256:" + 5.ToString("x64", CultureInfo.InvariantCulture)));
        Assert.True(set.Contains("sha256:" + 99_999.ToString("x64", CultureInfo.InvariantCulture)));
        Assert.False(set.Contains("order-1"));
        Assert.True(set.Add("order-1"));
        Assert.False(set.Add("order-1"));
        Assert.True(set.Add("Order-1"));   // ids are case-sensitive
        Assert.Equal(100_002, set.Count);
    }
}
