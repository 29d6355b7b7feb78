using System.Security.Cryptography;
using System.Text;

namespace MeiroMmm.Domain.DataQuality;

/// <summary>
/// Identifies one breach: the same rule on the same metric series. While an alert with this fingerprint is not
/// resolved, a rule that is still breached updates that alert instead of raising a new one every night.
/// </summary>
public static class AlertFingerprint
{
    public static string For(long ruleId, string metricKey, string? source)
    {
        // Length-prefixed parts, so ("a|b", "c") and ("a", "b|c") cannot collide.
        string key = $"{ruleId}|{metricKey.Length}:{metricKey}|{(source ?? "").Length}:{source}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }
}
