using System.Globalization;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>Parses period dates as uploads write them, and recognizes the data's frequency from the spacing of its dates.</summary>
public static class PeriodDates
{
    private static readonly string[] Formats =
        ["yyyy-MM-dd", "yyyy-M-d", "yyyy/MM/dd", "yyyy/M/d", "dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ"];

    public const string Weekly = "weekly";
    public const string Daily = "daily";

    public static bool TryParse(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// "weekly" when the most common gap between consecutive distinct dates is 7 days, "daily" when it is 1 day, null
    /// otherwise (monthly data, or too few dates to tell). The most common gap, not the first: one missing week must not
    /// turn weekly data into "every 14 days".
    /// </summary>
    public static string? DetectFrequency(IEnumerable<DateOnly> dates)
    {
        var sorted = dates.Distinct().Order().ToList();
        if (sorted.Count < 2) return null;
        int gap = sorted.Zip(sorted.Skip(1), (a, b) => b.DayNumber - a.DayNumber)
            .GroupBy(g => g).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return gap switch { 7 => Weekly, 1 => Daily, _ => null };
    }

    /// <summary>The frequency of a table's date column (cells that are not dates are skipped).</summary>
    public static string? DetectFrequency(UploadedTable table, string dateColumn)
    {
        int column = table.ColumnIndex(dateColumn);
        if (column < 0) return null;
        var dates = new List<DateOnly>();
        for (int r = 0; r < table.Rows.Count; r++)
            if (TryParse(table.Cell(r, column), out var date)) dates.Add(date);
        return DetectFrequency(dates);
    }

    public static int StepDays(string frequency) => frequency == Daily ? 1 : 7;
}
