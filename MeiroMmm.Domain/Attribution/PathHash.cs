using System.Security.Cryptography;
using System.Text;

namespace MeiroMmm.Domain.Attribution;

/// <summary>The seed's path hash: SHA-256 of the channel sequence joined by " > ", as lower-case hex.</summary>
public static class PathHash
{
    public const string Separator = " > ";

    public static string Of(IEnumerable<string> channels) => OfJoined(string.Join(Separator, channels));

    /// <summary>The hash of a path already joined with <see cref="Separator"/>.</summary>
    public static string OfJoined(string joinedChannels) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joinedChannels)));
}
