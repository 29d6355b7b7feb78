using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>A wide CSV as read: the dates and every other column as numbers, or every problem found (row and column named).</summary>
public sealed record WideCsvTable(IReadOnlyList<DateOnly> Dates, IReadOnlyDictionary<string, double[]> Columns, IReadOnlyList<DataProblem> Problems)
{
    /// <summary>The columns a model spec asks for, in their roles; missing ones are left to the validator to report.</summary>
    public MmmWideData ToWideData(MmmModelSpec spec)
    {
        NamedSeries[] Pick(IEnumerable<string> names) => [.. names.Where(Columns.ContainsKey).Select(n => new NamedSeries(n, Columns[n]))];
        return new MmmWideData(Dates, Pick([spec.Kpi]), Pick(spec.Channels), Pick(spec.Controls));
    }
}

/// <summary>Reads wide MMM CSV files (one row per period) with CsvHelper: invariant culture, header row required.</summary>
public static class WideCsvReader
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "dd.MM.yyyy", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss"];

    public static WideCsvTable Read(TextReader reader, string dateColumn)
    {
        var problems = new List<DataProblem>();
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            return new WideCsvTable([], new Dictionary<string, double[]>(), [new DataProblem("(header)", null, "the file is empty or has no header row.")]);
        var header = csv.HeaderRecord;
        int dateIndex = Array.FindIndex(header, h => string.Equals(h, dateColumn, StringComparison.OrdinalIgnoreCase));
        if (dateIndex < 0)
            return new WideCsvTable([], new Dictionary<string, double[]>(), [new DataProblem(dateColumn, null, $"date column not found; the columns are {string.Join(", ", header)}.")]);

        var dates = new List<DateOnly>();
        var values = header.Select(_ => new List<double>()).ToArray();
        int row = 0;   // rows are counted from the first data row (after the header), as MmmDataValidator counts periods
        while (csv.Read())
        {
            row++;
            string dateText = csv.GetField(dateIndex) ?? "";
            if (DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) dates.Add(date);
            else { problems.Add(new DataProblem(header[dateIndex], row, $"'{dateText}' is not a date (use YYYY-MM-DD).")); dates.Add(default); }
            for (int i = 0; i < header.Length; i++)
            {
                if (i == dateIndex) continue;
                string text = csv.GetField(i) ?? "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) values[i].Add(v);
                else
                {
                    values[i].Add(double.NaN);   // reported only if the model uses the column (see MmmDataValidator)
                }
            }
        }
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
            if (i != dateIndex) columns[header[i]] = [.. values[i]];
        return new WideCsvTable(dates, columns, problems);
    }
}
