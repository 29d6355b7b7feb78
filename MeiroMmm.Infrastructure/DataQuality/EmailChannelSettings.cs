namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// The non-secret part of an e-mail channel. <see cref="Security"/>: "none", "starttls", "ssl" (TLS on connect) or
/// "auto" (MailKit picks by port). The password is the channel's protected secret.
/// </summary>
public sealed record EmailChannelSettings(string Host, int Port, string Security, string? Username, string From, IReadOnlyList<string> To)
{
    public static readonly string[] SecurityModes = ["auto", "none", "starttls", "ssl"];
}
