namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// The channel rules a new workspace starts with: the seed product's four (paid search, paid social, email, direct)
/// plus the ones marketers expect to find. Channel keys are snake_case so they can be used as MMM column prefixes.
/// </summary>
public static class DefaultTaxonomy
{
    public static IReadOnlyList<ChannelRule> Rules { get; } =
    [
        new("Paid search", "paid_search", "google|bing|baidu|yahoo|duckduckgo", "cpc|ppc|paid_search|paidsearch", 10),
        new("Paid social", "paid_social", "facebook|meta|instagram|linkedin|twitter|x|tiktok|pinterest|snapchat", "cpc|paid_social|paidsocial|social|paid", 20),
        new("Display", "display", null, "display|banner|cpm|programmatic", 30),
        new("Video", "video", "youtube|vimeo|tiktok", "video|cpv", 35),
        new("Affiliate", "affiliate", null, "affiliate|partner", 40),
        new("Email", "email", null, "email|e-mail|newsletter", 50),
        new("Push", "push", null, "push|web_push|app_push", 55),
        new("SMS", "sms", null, "sms|mms|text", 60),
        new("Organic search", "organic_search", "google|bing|baidu|yahoo|duckduckgo|ecosia", "organic", 70),
        new("Organic social", "organic_social", "facebook|meta|instagram|linkedin|twitter|x|tiktok|pinterest|reddit", "social|organic_social|referral", 80),
        new("Referral", "referral", null, "referral|link", 90),
        new("Direct", "direct", "\\(direct\\)|direct|\\(none\\)|", "\\(none\\)|none|direct|", 100),
    ];

    /// <summary>Spellings of known sources seen in real tagging (platform abbreviations, referrer hosts) → the rules' spelling.</summary>
    public static IReadOnlyDictionary<string, string> SourceAliases { get; } = new Dictionary<string, string>
    {
        ["fb"] = "facebook", ["facebook.com"] = "facebook", ["m.facebook.com"] = "facebook", ["l.facebook.com"] = "facebook",
        ["ig"] = "instagram", ["insta"] = "instagram", ["instagram.com"] = "instagram",
        ["adwords"] = "google", ["googleads"] = "google", ["google_ads"] = "google", ["gads"] = "google", ["google.com"] = "google",
        ["bing_ads"] = "bing", ["microsoft_ads"] = "bing",
        ["li"] = "linkedin", ["lnkd.in"] = "linkedin", ["linkedin.com"] = "linkedin",
        ["tw"] = "twitter", ["t.co"] = "twitter", ["x.com"] = "x",
        ["yt"] = "youtube", ["youtube.com"] = "youtube", ["tt"] = "tiktok",
    };

    /// <summary>Medium spellings that mean a medium the rules know.</summary>
    public static IReadOnlyDictionary<string, string> MediumAliases { get; } = new Dictionary<string, string>
    {
        ["paid-social"] = "paid_social", ["paid-search"] = "paid_search", ["pay-per-click"] = "ppc", ["cost-per-click"] = "cpc",
        ["mail"] = "email", ["e_mail"] = "email",
        ["seo"] = "organic", ["organic_search"] = "organic", ["organic-search"] = "organic",
        ["display_ads"] = "display", ["web-push"] = "web_push", ["notification"] = "push",
    };

    /// <summary>The default rules with the default aliases.</summary>
    public static ChannelTaxonomy Taxonomy { get; } = new(Rules, SourceAliases, MediumAliases);
}
