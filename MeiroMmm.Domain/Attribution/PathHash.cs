using System.Security.Cryptography;
using System.Text;

namespace MeiroMmm.Domain.Attribution;

/// <summary>The seed's path hash: SHA-256 of the channel sequence joined by " > ", as lower-case hex.</summary>
public static class PathHash
{
    public const string Separator = " > ";

    public static string Of(IEnumerable<string> channels) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(Separator, channels))));
}
