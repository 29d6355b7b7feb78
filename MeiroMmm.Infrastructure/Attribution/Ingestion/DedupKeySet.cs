using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// The dedup keys an upload has seen (or finds stored), kept as 128-bit XxHash128 values rather than strings: a
/// million keys take 16 MB in one array the garbage collector never has to trace, instead of a million strings of
/// about 170 bytes each that every collection during the upload had to copy or mark. Two different keys share a value
/// with probability about n²/2¹²⁹ (10⁻²⁶ for a million keys).
/// </summary>
internal sealed class DedupKeySet
{
    private readonly HashSet<UInt128> _hashes = [];

    public int Count => _hashes.Count;

    /// <summary>False when the key was already in the set.</summary>
    public bool Add(string key) => _hashes.Add(Hash(key));

    public bool Contains(string key) => _hashes.Contains(Hash(key));

    private static UInt128 Hash(string key) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()));
}
