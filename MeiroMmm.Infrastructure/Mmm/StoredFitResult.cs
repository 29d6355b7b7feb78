using System.Text.Json;
using System.Text.Json.Serialization;
using MeiroMmm.Domain.Mmm.Fitting;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// What a completed run keeps: the fit result without its full draws (thinned to at most 1000, enough for the optimizer
/// and response curves). Stored as JSON in <see cref="ModelRun.ResultJson"/>.
/// </summary>
public sealed record StoredFitResult(
    string Method,
    FitDiagnostics Diagnostics,
    IReadOnlyList<ParameterSummary> Parameters,
    IReadOnlyList<ChannelSummary> Channels,
    FitQuality Fit,
    IReadOnlyList<PeriodFit> Periods,
    IReadOnlyList<ChannelContributionSeries> ContributionSeries,
    IReadOnlyList<ResponseCurve> ResponseCurves,
    IReadOnlyList<AdstockWeights> Adstock,
    MmmPosteriorDraws Draws)
{
    public const int MaxStoredDraws = 1000;

    /// <summary>snake_case like the API; NaN allowed (R-hat of a single chain, a Laplace fit's step size).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static StoredFitResult From(MmmFitResult result, FitMethod method)
    {
        var draws = result.Draws;
        var thin = draws.Thin((draws.Count + MaxStoredDraws - 1) / MaxStoredDraws);
        return new StoredFitResult(method.ToString().ToLowerInvariant(), result.Diagnostics, result.Parameters, result.Channels, result.Fit, result.Periods,
            result.ContributionSeries, result.ResponseCurves, result.Adstock, thin);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static StoredFitResult? FromJson(string json) => JsonSerializer.Deserialize<StoredFitResult>(json, JsonOptions);
}
