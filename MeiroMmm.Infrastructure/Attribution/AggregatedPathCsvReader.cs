using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MeiroMmm.Domain.Attribution;

namespace MeiroMmm.Infrastructure.Attribution;

/// <summary>
/// Reads the seed's aggregated-paths CSV (`path` "a > b > c", `total_conversions`, `total_conversion_value`,
/// `total_null`) with CsvHelper, invariant culture. The first bad cell stops the read with an
/// <see cref="AggregatedPathCsvException"/> naming its row (1 = first data row) and column.
/// </summary>
public static class AggregatedPathCsvReader
{
    private static readonly string[] Columns = ["path", "total_conversions", "total_conversion_value", "total_null"];

    public static IReadOnlyList<AggregatedPath> Read(TextReader reader)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null) throw new AggregatedPathCsvException("the file is empty or has no header row.");
        var header = csv.HeaderRecord;
        var at = Columns.Select(name => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))).ToArray();
        for (int i = 0; i < Columns.Length; i++)
            if (at[i] < 0) throw new AggregatedPathCsvException($"column '{Columns[i]}' is missing; the columns are {string.Join(", ", header)}.");

        var paths = new List<AggregatedPath>();
        int row = 0;
        while (csv.Read())
        {
            row++;
            var channels = AggregatedPath.ParseChannels(csv.GetField(at[0]) ?? "");
            if (channels.Count == 0) throw new AggregatedPathCsvException($"row {row}, column path: the path has no channels.");
            paths.Add(new AggregatedPath(channels, Number(csv, at[1], row, Columns[1]), Number(csv, at[2], row, Columns[2]), Number(csv, at[3], row, Columns[3])));
        }
        return paths;
    }

    private static double Number(CsvReader csv, int index, int row, string column)
    {
        string text = csv.GetField(index) ?? "";
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= 0 ? v
            : throw new AggregatedPathCsvException($"row {row}, column {column}: '{text}' is not a number ≥ 0.");
    }
}

/// <summary>A malformed aggregated-paths file; the message names the row and column.</summary>
public sealed class AggregatedPathCsvException(string message) : Exception(message);
