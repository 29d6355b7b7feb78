using System.Text.Json;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Web.Cli;

/// <summary>What `mmm optimize` needs from a fit JSON written by `mmm fit`: the model's scales and the thinned draws.</summary>
public sealed record SavedFit(IReadOnlyList<string> Channels, IReadOnlyList<double> ChannelScales, IReadOnlyList<double> SpendPerPeriod, double TargetScale, int LMax, MmmPosteriorDraws Draws)
{
    /// <summary>The fit's adstock shape (geometric for fits written before shapes were selectable).</summary>
    public AdstockShape Adstock { get; init; } = AdstockShape.Geometric;
    public SaturationShape Saturation { get; init; } = SaturationShape.Logistic;

    public static SavedFit Read(JsonElement root)
    {
        try
        {
            var model = root.GetProperty("model");
            var draws = root.GetProperty("draws");
            var values = draws.GetProperty("values").EnumerateArray().ToList();
            return new SavedFit(
                [.. model.GetProperty("channels").EnumerateArray().Select(e => e.GetString()!)],
                [.. model.GetProperty("channel_scales").EnumerateArray().Select(e => e.GetDouble())],
                [.. model.GetProperty("spend_per_period").EnumerateArray().Select(e => e.GetDouble())],
                model.GetProperty("target_scale").GetDouble(),
                model.GetProperty("l_max").GetInt32(),
                new MmmPosteriorDraws(
                    [.. values.Select(v => v.GetProperty("name").GetString()!)],
                    draws.GetProperty("chains").GetInt32(), draws.GetProperty("draws_per_chain").GetInt32(),
                    [.. values.Select(v => v.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray())]))
            {
                Adstock = model.TryGetProperty("adstock", out var adstock) ? MmmCommands.ParseAdstock(adstock.GetString()) : AdstockShape.Geometric,
                Saturation = model.TryGetProperty("saturation", out var saturation) ? MmmCommands.ParseSaturation(saturation.GetString()) : SaturationShape.Logistic,
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliUsageException($"--result: not a fit written by `mmm fit` ({e.Message}).");
        }
    }
}
