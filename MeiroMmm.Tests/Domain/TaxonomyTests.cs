using System.Diagnostics;
using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Tests.Domain;

public sealed class TaxonomyTests
{
    private readonly ChannelMapper _mapper = new(DefaultTaxonomy.Taxonomy);
    private UtmValidator Validator => new(_mapper);

    private UtmValidationResult Validate(params (string Name, string? Value)[] parameters) =>
        Validator.Validate(parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    // ---- UTM validation, one rule each ----

    [Theory]
    [InlineData(" Google ", "google")]
    [InlineData("Spring%20Sale", "spring_sale")]
    [InlineData("Spring+Sale", "spring_sale")]
    [InlineData("  black   friday\t2026 ", "black_friday_2026")]
    public void Values_AreTrimmedLowerCasedDecodedAndUnderscored(string raw, string normalized)
    {
        var result = Validate(("utm_source", "google"), ("utm_medium", "cpc"), ("utm_campaign", raw));
        Assert.Equal(normalized, result.Normalized["utm_campaign"]);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData("source", "utm_source")]
    [InlineData("UTM_Source", "utm_source")]
    [InlineData("utm-medium", "utm_medium")]
    [InlineData("utmcampaign", "utm_campaign")]
    public void NonStandardNames_AreMappedWithAWarning(string given, string standard)
    {
        var result = Validate((given, "x_value"), ("utm_source", "google"), ("utm_medium", "cpc"));
        Assert.Equal("x_value", result.Normalized[standard]);
        Assert.Contains(result.Warnings, w => w.Field == standard && w.Code == "name_mapped" && w.Message.Contains(given));
    }

    [Fact]
    public void UnknownUtmName_IsIgnoredWithAWarning_AndARepeatedNameKeepsTheFirstValue()
    {
        var result = Validate(("utm_source", "google"), ("source", "bing"), ("utm_medium", "cpc"), ("utm_sorce", "x"));
        Assert.Equal("google", result.Normalized["utm_source"]);
        Assert.Contains(result.Warnings, w => w.Field == "utm_source" && w.Code == "duplicate");
        Assert.Contains(result.Warnings, w => w.Field == "utm_sorce" && w.Code == "unknown_parameter");
    }

    [Theory]
    [InlineData("(not set)")]
    [InlineData("(none)")]
    public void ReservedValues_AreWarned(string value)
    {
        var result = Validate(("utm_source", "google"), ("utm_medium", value));
        Assert.Contains(result.Warnings, w => w.Field == "utm_medium" && w.Code == "reserved_value");
        Assert.True(result.IsValid);
    }

    [Fact]
    public void MissingSource_IsAnError_MissingMedium_AWarning()
    {
        var noSource = Validate(("utm_medium", "cpc"));
        Assert.False(noSource.IsValid);
        Assert.Contains(noSource.Errors, e => e.Field == "utm_source" && e.Code == "missing");

        var blankSource = Validate(("utm_source", "   "), ("utm_medium", "cpc"));
        Assert.Contains(blankSource.Errors, e => e.Field == "utm_source" && e.Code == "missing");

        var noMedium = Validate(("utm_source", "google"));
        Assert.True(noMedium.IsValid);
        Assert.Contains(noMedium.Warnings, w => w.Field == "utm_medium" && w.Code == "missing");
    }

    [Theory]
    [InlineData("goo<gle>", "'<'")]
    [InlineData("news\"letter", "'\"'")]
    [InlineData("a&b=c", "'&'")]
    [InlineData("summer%2520sale", "encoded twice")]
    public void InvalidCharacters_AreAnError_NamingThem(string value, string named)
    {
        var result = Validate(("utm_source", value), ("utm_medium", "cpc"));
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("utm_source", "invalid_characters"), (error.Field, error.Code));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void ValuesOver100Characters_AreAnError()
    {
        Assert.True(Validate(("utm_source", "google"), ("utm_campaign", new string('c', 100))).IsValid);
        var result = Validate(("utm_source", "google"), ("utm_campaign", new string('c', 101)));
        Assert.Contains(result.Errors, e => e.Field == "utm_campaign" && e.Code == "too_long" && e.Message.Contains("101"));
    }

    [Fact]
    public void LandingPageUrl_HasItsUtmsExtracted_OtherParametersIgnored()
    {
        var result = Validator.ValidateUrl("https://shop.example/p/42?id=3&utm_source=Facebook&utm_medium=paid%20social&utm_campaign=Spring+Sale&gclid=abc");
        Assert.True(result.IsValid);
        Assert.Equal(new Dictionary<string, string> { ["utm_source"] = "facebook", ["utm_medium"] = "paid_social", ["utm_campaign"] = "spring_sale" }, result.Normalized);
        Assert.Empty(result.Warnings);
        Assert.Equal(1.0, result.Confidence);
        Assert.Equal("paid_social", result.Mapping.Channel);
    }

    [Theory]
    [InlineData("shop.example/?utm_source=google")]
    [InlineData("ftp://shop.example/?utm_source=google")]
    public void NonHttpUrl_IsAnErrorOnUrl(string url)
    {
        var result = Validator.ValidateUrl(url);
        Assert.False(result.IsValid);
        Assert.Equal("url", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void UrlWithoutUtms_MissesTheSource()
    {
        var result = Validator.ValidateUrl("https://shop.example/?gclid=abc");
        Assert.Contains(result.Errors, e => e.Field == "utm_source" && e.Code == "missing");
    }

    // ---- Channel mapping, each confidence level ----

    [Theory]
    [InlineData("google", "cpc", "paid_search", "Paid search")]
    [InlineData("Facebook", "CPC", "paid_social", "Paid social")]   // a present value failing a pattern is no match: not paid search
    [InlineData("newsletter", "email", "email", "Email")]           // a null source pattern accepts any present source
    [InlineData("(direct)", "(none)", "direct", "Direct")]
    public void BothMatch_Is1(string source, string medium, string channel, string rule)
    {
        var mapping = _mapper.Map(source, medium);
        Assert.Equal((channel, rule, 1.0), (mapping.Channel, mapping.MatchedRule, mapping.Confidence));
        Assert.Null(mapping.FallbackReason);
    }

    [Theory]
    [InlineData(null, "email", "email", "medium")]
    [InlineData("(not set)", "newsletter", "email", "medium")]
    [InlineData("(direct)", null, "direct", "source")]
    public void OnlyOneFieldPresent_Is08(string? source, string? medium, string channel, string which)
    {
        var mapping = _mapper.Map(source, medium);
        Assert.Equal((channel, 0.8), (mapping.Channel, mapping.Confidence));
        Assert.Contains($"Only the {which}", mapping.FallbackReason);
    }

    [Theory]
    [InlineData("fb", "paid_social", "paid_social", "alias of 'facebook'")]
    [InlineData("google", "pay-per-click", "paid_search", "alias of 'ppc'")]
    [InlineData("gogle", "cpc", "paid_search", "read as 'google'")]
    [InlineData("instagam", "paid_social", "paid_social", "read as 'instagram'")]
    public void AliasOrFuzzyMatch_Is06(string source, string medium, string channel, string reason)
    {
        var mapping = _mapper.Map(source, medium);
        Assert.Equal((channel, 0.6), (mapping.Channel, mapping.Confidence));
        Assert.Contains(reason, mapping.FallbackReason);
    }

    [Theory]
    [InlineData("promo-partner", "(not set)")]   // the demo's deliberately unmappable tag
    [InlineData("google", "cpx")]                // mediums are never guessed: cpx is not cpc
    [InlineData("meta", "beta")]
    public void NoRuleMatches_IsUnknownAt03(string source, string medium)
    {
        var mapping = _mapper.Map(source, medium);
        Assert.Equal((ChannelRule.Unattributed, null, 0.3), (mapping.Channel, mapping.MatchedRule, mapping.Confidence));
        Assert.Contains("No rule matches", mapping.FallbackReason);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", "(not set)")]
    public void NothingToGoOn_IsUnknownAt0(string? source, string? medium)
    {
        var mapping = _mapper.Map(source, medium);
        Assert.Equal((ChannelRule.Unattributed, 0.0), (mapping.Channel, mapping.Confidence));
    }

    [Fact]
    public void EquallyNearSources_AreNotGuessed()
    {
        var mapper = new ChannelMapper(ChannelTaxonomy.FromRules([new("a", "one", "abcdef", "cpc", 1), new("b", "two", "abcdeg", "cpc", 2)]));
        Assert.Equal(0.3, mapper.Map("abcdex", "cpc").Confidence);
        var unique = mapper.Map("abcdf", "cpc");   // one edit from abcdef, two from abcdeg
        Assert.Equal(("one", 0.6), (unique.Channel, unique.Confidence));
    }

    [Fact]
    public void ClassifierAndMapper_Agree()
    {
        var classifier = new ChannelClassifier(DefaultTaxonomy.Rules);
        foreach (var (source, medium) in new[] { ("google", "cpc"), ("promo-partner", "(not set)"), ("newsletter", "email"), ("", "") })
            Assert.Equal(new ChannelMapper(ChannelTaxonomy.FromRules(DefaultTaxonomy.Rules)).Map(source, medium).Channel, classifier.Classify(source, medium));
    }

    // ---- Hostile and broken patterns ----

    [Fact]
    public void CatastrophicBacktrackingPattern_IsMatchedFast()
    {
        // (a+)+$-style nesting is exponential for a backtracking engine on a near-miss; NonBacktracking stays linear.
        var mapper = new ChannelMapper(ChannelTaxonomy.FromRules([new("evil", "x", "(a+)+b", "(x+x+)+y", 1)]));
        var watch = Stopwatch.StartNew();
        var mapping = mapper.Map(new string('a', 30_000), new string('x', 30_000));
        Assert.Equal(ChannelRule.Unattributed, mapping.Channel);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void InvalidPattern_IsRefused_NamingTheFieldAndTheReason()
    {
        var errors = ChannelRuleCheck.Check(new ChannelRule("broken", "paid_search", "(unclosed", @"(a)\1", 1, CampaignPattern: "ok|fine"));
        var source = Assert.Single(errors, e => e.Field == "source_pattern");
        Assert.Contains("(unclosed", source.Message);
        Assert.Contains("Not enough )", source.Message);
        var medium = Assert.Single(errors, e => e.Field == "medium_pattern");
        Assert.Contains("backtracking", medium.Message);
        Assert.DoesNotContain(errors, e => e.Field == "campaign_pattern");
    }

    [Fact]
    public void RuleCheck_NamesEveryBadField_AndPassesTheDefaults()
    {
        var errors = ChannelRuleCheck.Check(new ChannelRule("", "Pigeon Post", null, null, 1));
        Assert.Equal(["name", "channel", "source_pattern"], errors.Select(e => e.Field));
        Assert.All(DefaultTaxonomy.Rules, r => Assert.Empty(ChannelRuleCheck.Check(r)));
    }

    [Fact]
    public void Mapper_RefusesARuleThatDoesNotCompile_NamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ChannelMapper(ChannelTaxonomy.FromRules([new("broken rule", "x", "[z-a]", null, 1)])));
        Assert.Contains("broken rule", ex.Message);
    }
}
