using System.Globalization;
using System.Text;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// Turns a tall table (one row per date × channel [× campaign]: date, channel, campaign, spend[, impressions, clicks,
/// conversions, revenue]) into a wide one: <c>{channel}_spend</c> (and <c>_impressions</c>, <c>_clicks</c>) per channel,
/// conversions and revenue summed over channels per date (the KPI candidates), any other column kept per date.
/// A channel with no row on a date spent nothing that date: tall exports leave zero rows out.
/// </summary>
public static class TallTablePivot
{
    private static readonly string[] PerChannelMetrics = ["spend", "impressions", "clicks"];
    private static readonly string[] SummedMetrics = ["conversions", "revenue"];

    /// <summary>A table is tall when it has a channel column and a spend column.</summary>
    public static bool IsTall(UploadedTable table) => table.ColumnIndex("channel") >= 0 && table.ColumnIndex("spend") >= 0;

    public static (UploadedTable Wide, IReadOnlyList<DataProblem> Problems) Pivot(UploadedTable table, string dateColumn, bool byCampaign)
    {
        var problems = new List<DataProblem>();
        int date = table.ColumnIndex(dateColumn), channel = table.ColumnIndex("channel"), campaign = table.ColumnIndex("campaign");
        if (date < 0) problems.Add(new DataProblem(dateColumn, null, "date column not found."));
        if (byCampaign && campaign < 0) problems.Add(new DataProblem("campaign", null, "campaign column not found: pivot by channel only."));
        if (problems.Count > 0) return (new UploadedTable([], []), problems);

        var metrics = PerChannelMetrics.Select(m => (Name: m, Index: table.ColumnIndex(m))).Where(m => m.Index >= 0).ToList();
        var summed = SummedMetrics.Select(m => (Name: m, Index: table.ColumnIndex(m))).Where(m => m.Index >= 0).ToList();
        var known = new HashSet<int>([date, channel, campaign, .. metrics.Select(m => m.Index), .. summed.Select(m => m.Index)]);
        var others = Enumerable.Range(0, table.Header.Count).Where(i => !known.Contains(i)).ToList();

        var byDate = new SortedDictionary<DateOnly, Dictionary<string, double>>();
        var keys = new List<string>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            int fileRow = r + 1;
            if (!PeriodDates.TryParse(table.Cell(r, date), out var day))
            {
                problems.Add(new DataProblem(table.Header[date], fileRow, $"'{table.Cell(r, date)}' is not a date (use YYYY-MM-DD)."));
                continue;
            }
            string name = table.Cell(r, channel).Trim();
            if (name.Length == 0) { problems.Add(new DataProblem(table.Header[channel], fileRow, "the channel is empty.")); continue; }
            string key = ColumnKey(byCampaign ? $"{name}_{table.Cell(r, campaign)}" : name);
            if (!keys.Contains(key)) keys.Add(key);
            if (!byDate.TryGetValue(day, out var cells)) byDate[day] = cells = new Dictionary<string, double>();
            foreach (var (metric, index) in metrics) Add(cells, $"{key}_{metric}", table, r, index, problems);
            foreach (var (metric, index) in summed) Add(cells, metric, table, r, index, problems);
            foreach (int index in others)
            {
                string column = table.Header[index];
                if (!cells.ContainsKey(column) && double.TryParse(table.Cell(r, index), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) cells[column] = v;
            }
        }
        List<string> header = [table.Header[date], .. summed.Select(m => m.Name), .. keys.SelectMany(k => metrics.Select(m => $"{k}_{m.Name}")), .. others.Select(i => table.Header[i])];
        var rows = byDate.Select(d => header.Select((h, i) => i == 0 ? d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.Value.TryGetValue(h, out double v) ? v.ToString("R", CultureInfo.InvariantCulture)
            : others.Any(o => table.Header[o] == h) ? "" : "0").ToArray()).ToList();
        return (new UploadedTable(header, rows), problems);
    }

    private static void Add(Dictionary<string, double> cells, string column, UploadedTable table, int row, int index, List<DataProblem> problems)
    {
        string text = table.Cell(row, index);
        if (text.Trim().Length == 0) return;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            problems.Add(new DataProblem(table.Header[index], row + 1, $"'{text}' is not a number."));
            return;
        }
        cells[column] = cells.GetValueOrDefault(column) + v;
    }

    /// <summary>"Meta Ads" → "meta_ads": lower case, letters and digits, underscores between words.</summary>
    public static string ColumnKey(string name)
    {
        var sb = new StringBuilder();
        foreach (char ch in name.Trim().ToLowerInvariant())
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        return sb.ToString().Trim('_');
    }
}
