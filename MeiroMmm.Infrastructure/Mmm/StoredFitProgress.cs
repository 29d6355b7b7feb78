using System.Text.Json;
using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>A <see cref="FitSnapshot"/> as the holder writes it into the run's row, for pages on other instances.</summary>
public sealed record StoredFitProgress(string Stage, IReadOnlyList<FitProgress?> Chains, int TotalIterationsPerChain, double ElapsedSeconds, FitPreview? Preview = null)
{
    public static string ToJson(FitSnapshot s) =>
        JsonSerializer.Serialize(new StoredFitProgress(s.Stage, s.Chains, s.TotalIterationsPerChain, s.Elapsed.TotalSeconds, s.Preview), StoredFitResult.JsonOptions);

    public static StoredFitProgress? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize<StoredFitProgress>(json, StoredFitResult.JsonOptions); }
        catch (JsonException) { return null; }
    }
}
