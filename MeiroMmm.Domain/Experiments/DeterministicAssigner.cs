using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MeiroMmm.Domain.Experiments;

public enum ExperimentGroup { Control = 0, Treatment = 1 }

/// <summary>
/// Hash-based assignment: SHA-256("{profile}:{experiment}:{salt}"), first 8 bytes read as a big-endian unsigned
/// integer, divided by 2^64 into [0, 1); treatment when below the treatment rate. The same profile always lands in the
/// same group, with no stored state needed to decide it.
/// </summary>
public static class DeterministicAssigner
{
    private const double TwoTo64 = 18446744073709551616.0;

    public static double UnitInterval(string profileId, string experimentId, string salt) => Hash64(profileId, experimentId, salt) / TwoTo64;

    /// <summary>The first 8 bytes of the SHA-256 digest as a big-endian unsigned integer, before scaling to [0, 1).</summary>
    public static ulong Hash64(string profileId, string experimentId, string salt)
    {
        string key = $"{profileId}:{experimentId}:{salt}";
        int byteCount = Encoding.UTF8.GetByteCount(key);
        Span<byte> utf8 = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    public static ExperimentGroup Assign(string profileId, string experimentId, string salt, double treatmentRate)
    {
        if (treatmentRate is <= 0 or >= 1 || double.IsNaN(treatmentRate))
            throw new ArgumentOutOfRangeException(nameof(treatmentRate), treatmentRate, "treatment_rate must lie strictly between 0 and 1.");
        return UnitInterval(profileId, experimentId, salt) < treatmentRate ? ExperimentGroup.Treatment : ExperimentGroup.Control;
    }
}
