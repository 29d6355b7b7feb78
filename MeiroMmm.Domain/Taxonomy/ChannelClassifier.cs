namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// The channel alone, for callers that do not need the confidence (the demo generator). It is <see cref="ChannelMapper"/>
/// underneath, so both always agree. Touchpoints with neither source nor medium are "unknown", not "direct".
/// </summary>
public sealed class ChannelClassifier(ChannelTaxonomy taxonomy)
{
    private readonly ChannelMapper _mapper = new(taxonomy);

    public ChannelClassifier(IEnumerable<ChannelRule> rules) : this(ChannelTaxonomy.FromRules(rules)) { }

    public string Classify(string? source, string? medium, string? campaign = null) => _mapper.Map(source, medium, campaign).Channel;
}
