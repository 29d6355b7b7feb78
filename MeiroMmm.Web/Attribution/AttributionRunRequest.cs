using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Web.Attribution;

/// <summary>
/// Body of POST /api/attribution/run and /run-all, every field optional: model parameters (order, half_life_days,
/// first_share, last_share, shapley_game = set | conversion_rate), windows (click 30, impression 7, latency 7 days by default), eligibility lists, the
/// journeys' date range (inclusive) and the conversion key. Fields left out come from the active model config.
/// </summary>
public sealed record AttributionRunRequest(
    AttributionWindowsRequest? Windows = null, TouchpointEligibilityRequest? Eligibility = null,
    DateOnly? From = null, DateOnly? To = null, string? ConversionKey = null,
    int? Order = null, double? HalfLifeDays = null, double? FirstShare = null, double? LastShare = null, string? ShapleyGame = null)
{
    /// <summary>
    /// The run's settings: the active model config's windows and eligibility (when one applies, and recorded by its id),
    /// else the built-in defaults; any field of the request overrides them.
    /// </summary>
    public AttributionRunSettings ToSettings(Infrastructure.Configs.ActiveModelConfig? active = null)
    {
        var windows = active?.Config.Windows ?? AttributionWindows.Default;
        var eligible = active?.Config.EligibleTouchpoints;
        static IReadOnlyList<string>? NonEmpty(IReadOnlyList<string>? list) => list is { Count: > 0 } ? list : null;
        var parameters = AttributionModelParameters.Default;
        return new AttributionRunSettings(
            new AttributionModelParameters(Order ?? parameters.MarkovOrder, HalfLifeDays ?? parameters.HalfLifeDays, FirstShare ?? parameters.FirstShare, LastShare ?? parameters.LastShare,
                string.IsNullOrWhiteSpace(ShapleyGame) ? parameters.ShapleyGame : ShapleyGame.Trim()),
            windows with
            {
                ClickLookbackDays = Windows?.ClickLookbackDays ?? windows.ClickLookbackDays,
                ImpressionLookbackDays = Windows?.ImpressionLookbackDays ?? windows.ImpressionLookbackDays,
                ConversionLatencyDays = Windows?.ConversionLatencyDays ?? windows.ConversionLatencyDays,
            },
            new TouchpointEligibility(
                Eligibility?.IncludeChannels ?? NonEmpty(eligible?.IncludeChannels), Eligibility?.ExcludeChannels ?? NonEmpty(eligible?.ExcludeChannels),
                Eligibility?.IncludeEventTypes ?? NonEmpty(eligible?.IncludeEventTypes), Eligibility?.ExcludeEventTypes ?? NonEmpty(eligible?.ExcludeEventTypes)),
            From, To, string.IsNullOrWhiteSpace(ConversionKey) ? null : ConversionKey.Trim(), active?.Id);
    }

    /// <summary>Every invalid field, named as the body names it.</summary>
    public static IEnumerable<FieldError> Check(AttributionRunSettings settings)
    {
        foreach (var (field, message) in settings.Parameters.Check()) yield return new(field, $"{field} {message}");
        foreach (var (field, message) in settings.Windows.Check()) yield return new($"windows.{field}", $"{field} {message}");
        if (settings.From is { } from && settings.To is { } to && from > to) yield return new("from", "from must not be after to.");
    }
}

public sealed record AttributionWindowsRequest(double? ClickLookbackDays = null, double? ImpressionLookbackDays = null, double? ConversionLatencyDays = null);

public sealed record TouchpointEligibilityRequest(
    IReadOnlyList<string>? IncludeChannels = null, IReadOnlyList<string>? ExcludeChannels = null,
    IReadOnlyList<string>? IncludeEventTypes = null, IReadOnlyList<string>? ExcludeEventTypes = null);
