using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MeiroMmm.Domain.Taxonomy;

namespace MeiroMmm.Domain.Attribution.Demo;

/// <summary>
/// Generates the demo workspace's customer journeys: UTM-tagged touchpoints over 12 weeks, channels resolved through the
/// default taxonomy (a few tags are deliberately unmappable, as in real data), converting and non-converting paths.
/// Each channel carries a known conversion lift, so attribution models have a ground truth to be compared with.
/// </summary>
public sealed class DemoJourneyGenerator
{
    public const int DefaultSeed = 20260302;

    /// <summary>A UTM tag a touchpoint can carry, how often it is drawn, and how much it raises the odds of converting.</summary>
    public sealed record UtmTag(string Source, string Medium, string Campaign, double Weight, double LogOddsLift);

    public static IReadOnlyList<UtmTag> Tags { get; } =
    [
        new("google", "cpc", "brand_search", 18, 0.55),
        new("google", "cpc", "generic_search", 14, 0.35),
        new("facebook", "paid_social", "spring_prospecting", 16, 0.25),
        new("instagram", "paid_social", "retargeting", 8, 0.45),
        new("newsletter", "email", "weekly_digest", 12, 0.40),
        new("criteo", "display", "retargeting_banners", 9, 0.15),
        new("google", "organic", "(not set)", 10, 0.20),
        new("(direct)", "(none)", "(not set)", 8, 0.30),
        new("app", "push", "cart_reminder", 4, 0.50),
        new("partnerhub", "affiliate", "coupon_partners", 5, 0.20),
        new("promo-partner", "(not set)", "summer_collab", 2, 0.05),   // maps to no rule: shows up as "unknown"
    ];

    private const double BaseLogOdds = -2.2;

    public IReadOnlyList<Journey> Generate(int journeyCount = 3000, int seed = DefaultSeed)
    {
        var rng = new MersenneTwister(seed);
        var classifier = new ChannelClassifier(DefaultTaxonomy.Rules);
        double totalWeight = Tags.Sum(t => t.Weight);
        var start = new DateTimeOffset(2026, 8, 3, 0, 0, 0, TimeSpan.Zero);
        var journeys = new List<Journey>(journeyCount);

        for (int i = 0; i < journeyCount; i++)
        {
            int length = 1 + Math.Min(7, Geometric.Sample(rng, 0.45) - 1);   // 1..8 touches, mostly short
            var time = start.AddMinutes(rng.Next(0, 12 * 7 * 24 * 60));
            var touchpoints = new List<Touchpoint>(length);
            double logOdds = BaseLogOdds;
            for (int k = 0; k < length; k++)
            {
                var tag = Pick(rng, totalWeight);
                logOdds += tag.LogOddsLift;
                touchpoints.Add(new Touchpoint(classifier.Classify(tag.Source, tag.Medium), time, tag.Campaign, tag.Source, tag.Medium,
                    tag.Medium is "email" or "push" ? "message_open" : "visit"));
                time = time.AddHours(1 + Exponential.Sample(rng, 1.0 / 30));
            }
            bool converted = rng.NextDouble() < 1 / (1 + Math.Exp(-logOdds));
            double value = converted ? Math.Round(LogNormal.Sample(rng, Math.Log(80), 0.6), 2) : 0;
            string customer = $"demo-{i + 1:D5}";
            journeys.Add(new Journey(customer, touchpoints, value, converted,
                converted ? $"demo-order-{i + 1:D5}" : null,
                converted ? time : null,
                converted ? "purchase" : null));
        }
        return journeys;
    }

    private static UtmTag Pick(Random rng, double totalWeight)
    {
        double u = rng.NextDouble() * totalWeight;
        foreach (var tag in Tags)
        {
            if (u < tag.Weight) return tag;
            u -= tag.Weight;
        }
        return Tags[^1];
    }
}
