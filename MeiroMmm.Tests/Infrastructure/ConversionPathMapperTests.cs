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
    public void PathHashCache_GivesTheSeedsHash_AndRowsUseIt()
    {
        var cache = new PathHashCache();
        string path = string.Join(PathHash.Separator, "email", "paid_search", "email");
        Assert.Equal(PathHash.OfJoined(path), cache.Of(path));
        Assert.Same(cache.Of(path), cache.Of(path));   // computed once
        var journey = new Journey("p1", [new Touchpoint("email"), new Touchpoint("paid_search"), new Touchpoint("email")], 10, true, "o1");
        Assert.Equal(ConversionPathMapper.ToRow(journey, "upload", DateTimeOffset.UnixEpoch).PathHash,
            ConversionPathMapper.ToRow(journey, "upload", DateTimeOffset.UnixEpoch, null, cache).PathHash);
    }
}
