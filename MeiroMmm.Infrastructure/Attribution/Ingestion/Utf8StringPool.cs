namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// One string per distinct short UTF-8 value, for the few values a journey file repeats on every line (channel, source,
/// medium, campaign, event type): a million journeys hold about five million of them, but only a few hundred distinct.
/// Direct-mapped (a value whose slot is taken replaces the one there), so it never grows. Not thread-safe: one per thread.
/// </summary>
internal sealed class Utf8StringPool
{
    private const int Slots = 4096, MaxLength = 64;
    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string?[Slots];

    /// <summary>The string kept for these bytes, or null.</summary>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return null;
        int slot = Slot(utf8);
        return _keys[slot] is { } key && utf8.SequenceEqual(key) ? _values[slot] : null;
    }

    /// <summary>Keeps <paramref name="text"/>, the decoding of <paramref name="utf8"/>, for the next <see cref="Find"/>.</summary>
    public string Keep(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Length > MaxLength) return text;
        int slot = Slot(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = text;
        return text;
    }

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        uint hash = 2166136261;   // FNV-1a
        foreach (byte b in utf8) hash = (hash ^ b) * 16777619;
        return (int)(hash & (Slots - 1));
    }
}
