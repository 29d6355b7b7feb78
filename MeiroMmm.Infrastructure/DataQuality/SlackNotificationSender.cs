using System.Net.Http.Json;

namespace MeiroMmm.Infrastructure.DataQuality;

/// <summary>
/// A Slack incoming webhook: POST {"text": …} as JSON to the channel's webhook URL (the secret). Slack answers 200 "ok";
/// anything else is a failure, and the retry pipeline tries again.
/// </summary>
public sealed class SlackNotificationSender(IHttpClientFactory httpClients) : INotificationSender
{
    public const string HttpClientName = "slack-webhook";

    public NotificationChannelKind Kind => NotificationChannelKind.Slack;

    public async Task SendAsync(NotificationTarget target, string subject, string body, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(target.Secret)) throw new InvalidOperationException($"Channel '{target.Name}' has no webhook URL.");
        using var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.PostAsJsonAsync(target.Secret, new { text = $"*{subject}*\n{body}" }, ct);
        if (!response.IsSuccessStatusCode)
        {
            string answer = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Slack answered {(int)response.StatusCode} {response.ReasonPhrase}: {answer[..Math.Min(answer.Length, 200)]}", null, response.StatusCode);
        }
    }
}
