using System.Globalization;
using System.Text;
using System.Text.Json;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>The stored row's path JSON and path hash, written by hand for speed, against what they must equal.</summary>
public sealed class ConversionPathMapperTests
{
    [Fact]
    public void TouchpointsJson_IsWhatTheSerializerWrites_ForEveryKindOfValue()
    {
        var t0 = new DateTimeOffset(2026, 1, 15, 15, 26, 23, TimeSpan.Zero);
        Touchpoint[][] cases =
        [
            [],
            [new("email")],
            [new("paid_search", t0, "brand", "google", "cpc", "click"), new("direct", t0.AddTicks(1234567))],
            // Offsets, escaping (quotes, HTML-sensitive characters, control characters), non-ASCII and emoji.
            [new("display", new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(2)), "spring \"sale\" <50%> & more", "bing/ads", "cpm\t\n", null)],
            [new("sociální sítě", null, null, "Příliš žluťoučký kůň", null, "view 👀"), new("affiliate", t0, Source: "partner's site")],
        ];
        foreach (var touchpoints in cases)
            Assert.Equal(JsonSerializer.Serialize(touchpoints, StoredJson.Options), ConversionPathMapper.TouchpointsJson(touchpoints));
        // And it reads back as the same touchpoints.
        Assert.Equal(cases[3], ConversionPathMapper.ReadTouchpoints(ConversionPathMapper.TouchpointsJson(cases[3])));
    }

    [Fact]
    public void PathHashCache_GivesTheSeedsPathAndHash_SharedByRepeats_AndRowsUseThem()
    {
        var cache = new PathHashCache();
        Touchpoint[] touches = [new("email"), new("paid_search"), new("email")];
        string path = string.Join(PathHash.Separator, "email", "paid_search", "email");
        Assert.Equal((path, PathHash.OfJoined(path)), cache.Of(touches));
        Assert.Same(cache.Of(touches).ChannelPath, cache.Of([new("email"), new("paid_search"), new("email")]).ChannelPath);   // one string per sequence
        Assert.Same(cache.Of(touches).Hash, cache.Of(touches).Hash);   // computed once
        Assert.Equal(("email", PathHash.OfJoined("email")), cache.Of([new Touchpoint("email")]));   // a prefix is another path
        var longPath = Enumerable.Range(0, 60).Select(i => new Touchpoint($"channel-with-a-long-name-{i}")).ToArray();   // past the join buffer
        Assert.Equal(PathHash.Of(longPath.Select(t => t.Channel)), cache.Of(longPath).Hash);

        var journey = new Journey("p1", touches, 10, true, "o1");
        var (plain, cached) = (ConversionPathMapper.ToRow(journey, "upload", DateTimeOffset.UnixEpoch), ConversionPathMapper.ToRow(journey, "upload", DateTimeOffset.UnixEpoch, null, cache));
        Assert.Equal((plain.ChannelPath, plain.PathHash, plain.PathLength), (cached.ChannelPath, cached.PathHash, cached.PathLength));
        Assert.Equal((path, 3), (plain.ChannelPath, plain.PathLength));
    }

    [Fact]
    public void UploadRows_CarryThePathJsonAsUtf8_AndTheStringReadsTheSame_UntilItIsReplaced()
    {
        Touchpoint[] touches = [new("email", DateTimeOffset.Parse("2026-01-01T10:00:00Z", CultureInfo.InvariantCulture), Campaign: "Zoë"), new("paid_search")];
        var row = ConversionPathMapper.ToRow(new Journey("p1", touches, 10, true, "o1"), "upload", DateTimeOffset.UnixEpoch);
        Assert.Equal(ConversionPathMapper.TouchpointsJson(touches), Encoding.UTF8.GetString(row.PathJsonUtf8!));
        Assert.Equal(ConversionPathMapper.TouchpointsJson(touches), row.PathJson);   // made from the bytes when read
        row.PathJson = "[]";
        Assert.Null(row.PathJsonUtf8);   // the writer then binds the new string, not the stale bytes
        Assert.Throws<InvalidOperationException>(() => new ConversionPath { ConversionId = "x", ProfileId = "p", PathHash = "h", ChannelPath = "", Origin = "upload" }.PathJson);
    }
}
