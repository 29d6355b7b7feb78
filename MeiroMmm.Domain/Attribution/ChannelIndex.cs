namespace MeiroMmm.Domain.Attribution;

/// <summary>
/// Channel names numbered in order of first appearance, and every path as an int array of those numbers, so the
/// models' loops index arrays instead of hashing strings.
/// </summary>
internal sealed class ChannelIndex
{
    public List<string> Names { get; } = [];
    public int[][] Paths { get; }

    public ChannelIndex(IReadOnlyList<AggregatedPath> paths)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        Paths = new int[paths.Count][];
        for (int p = 0; p < paths.Count; p++)
        {
            var channels = paths[p].Channels;
            var encoded = new int[channels.Count];
            for (int t = 0; t < encoded.Length; t++)
            {
                if (!numbers.TryGetValue(channels[t], out int n))
                {
                    n = Names.Count;
                    numbers.Add(channels[t], n);
                    Names.Add(channels[t]);
                }
                encoded[t] = n;
            }
            Paths[p] = encoded;
        }
    }

    public int Count => Names.Count;

    /// <summary>Turns raw credit arrays into a result; shares are credit / total credit (0 when there is none).</summary>
    public AttributionResult Result(string model, double[] conversions, double[] value, double totalConversions, double totalValue)
    {
        double creditSum = conversions.Sum();
        var channels = new ChannelCredit[Count];
        for (int c = 0; c < Count; c++)
            channels[c] = new ChannelCredit(Names[c], conversions[c], value[c], creditSum > 0 ? conversions[c] / creditSum : 0);
        return new AttributionResult(model, totalConversions, totalValue, channels);
    }

    public static (double Conversions, double Value) Totals(IReadOnlyList<AggregatedPath> paths)
    {
        double conversions = 0, value = 0;
        foreach (var p in paths) { conversions += p.Conversions; value += p.Value; }
        return (conversions, value);
    }
}
