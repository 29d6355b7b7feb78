using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>Journeys with a given number of touches, and how many of them converted.</summary>
public sealed record PathLengthBin(int Length, long Journeys, long Conversions)
{
    public double ConversionRate => Journeys == 0 ? 0 : (double)Conversions / Journeys;
}

/// <summary>The path-length distribution (all journeys) and the time-to-convert distribution (converting journeys with both timestamps).</summary>
public sealed record JourneyHistograms(
    DateOnly? From, DateOnly? To, string? ConversionKey, IReadOnlyList<PathLengthBin> PathLengths,
    IReadOnlyList<HistogramBin> DaysToConvert, long ConversionsWithoutTimes, double? MedianDaysToConvertBin);

/// <summary>
/// Histograms over stored journeys, filtered like runs (journey date range, conversion key; non-converting journeys
/// belong to every key). Path lengths are counted by the database (GROUP BY length); time to convert streams the two
/// timestamps of converting journeys into <see cref="TimeToConvertHistogram"/>, so memory does not grow with the data.
/// </summary>
public sealed class JourneyHistogramService(IDbContextFactory<MeiroDbContext> dbFactory)
{
    public async Task<JourneyHistograms> ComputeAsync(DateOnly? from, DateOnly? to, string? conversionKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var journeys = db.ConversionPaths.AsNoTracking();
        if (from is { } f) journeys = journeys.Where(p => p.JourneyDate >= f);
        if (to is { } t) journeys = journeys.Where(p => p.JourneyDate <= t);
        if (conversionKey is { } key) journeys = journeys.Where(p => !p.Converted || p.ConversionKey == key);

        var lengths = await journeys.GroupBy(p => p.PathLength)
            .Select(g => new { Length = g.Key, Journeys = g.LongCount(), Conversions = g.Sum(p => p.Converted ? 1L : 0L) })
            .ToListAsync(ct);

        var histogram = new TimeToConvertHistogram();
        long withoutTimes = 0;
        await foreach (var p in journeys.Where(p => p.Converted).Select(p => new { p.ConversionTs, p.FirstTouchTs }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (p.ConversionTs is { } converted && p.FirstTouchTs is { } first) histogram.Add((converted - first).TotalDays);
            else withoutTimes++;
        }
        var bins = histogram.Bins();
        return new JourneyHistograms(from, to, conversionKey,
            [.. lengths.OrderBy(l => l.Length).Select(l => new PathLengthBin(l.Length, l.Journeys, l.Conversions))],
            bins, withoutTimes + histogram.Skipped, MedianBinLower(bins));
    }

    /// <summary>The lower edge of the bin holding the median conversion (null without any).</summary>
    private static double? MedianBinLower(IReadOnlyList<HistogramBin> bins)
    {
        long total = bins.Sum(b => b.Count), seen = 0;
        if (total == 0) return null;
        foreach (var b in bins)
        {
            seen += b.Count;
            if (2 * seen >= total) return b.Lower;
        }
        return null;
    }
}
