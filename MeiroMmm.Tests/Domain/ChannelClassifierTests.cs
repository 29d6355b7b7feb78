using System.Diagnostics;
using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Tests.Domain;

public sealed class ChannelClassifierTests
{
    private readonly ChannelClassifier _default = new(DefaultTaxonomy.Rules);

    [Theory]
    [InlineData("google", "cpc", "paid_search")]
    [InlineData(" Google ", "CPC", "paid_search")]
    [InlineData("facebook", "paid_social", "paid_social")]
    [InlineData("newsletter", "email", "email")]
    [InlineData("google", "organic", "organic_search")]
    [InlineData("(direct)", "(none)", "direct")]
    [InlineData("promo-partner", "(not set)", "unknown")]
    public void DefaultTaxonomy_MapsCommonTags(string source, string medium, string channel) =>
        Assert.Equal(channel, _default.Classify(source, medium));

    [Fact]
    public void LowerPriorityNumberWins()
    {
        var classifier = new ChannelClassifier([new ChannelRule("any google", "google_any", "google", null, 20), new ChannelRule("google cpc", "google_cpc", "google", "cpc", 10)]);
        Assert.Equal("google_cpc", classifier.Classify("google", "cpc"));
        Assert.Equal("google_any", classifier.Classify("google", "display"));
    }

    [Fact]
    public void PatternsAreAnchored()
    {
        var classifier = new ChannelClassifier([new ChannelRule("bing", "paid_search", "bing", "cpc", 1)]);
        Assert.Equal("unknown", classifier.Classify("notbing", "cpc"));
        Assert.Equal("unknown", classifier.Classify("bing", "cpc2"));
    }

    [Fact]
    public void CatastrophicBacktrackingPattern_MatchesInLinearTime()
    {
        // (a+)+b against a long run of a's is exponential for a backtracking engine; NonBacktracking stays linear.
        var classifier = new ChannelClassifier([new ChannelRule("evil", "x", "(a+)+b", null, 1)]);
        var watch = Stopwatch.StartNew();
        Assert.Equal("unknown", classifier.Classify(new string('a', 50_000), "cpc"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void InvalidPattern_IsRefusedWithTheReason()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => ChannelRule.Compile("(unclosed"));
        Assert.Contains("(unclosed", ex.Message);
    }
}
