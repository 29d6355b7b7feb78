using System.Globalization;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// First guesses for the wizard and for API uploads that name no roles: the date column by name or content,
/// <c>*_spend</c>/<c>*_cost</c> columns as channels, well-known outcome names (sales, revenue, conversions, …) as KPIs,
/// per-channel volume columns (<c>*_impressions</c>, <c>*_clicks</c>) ignored, any other numeric column as a control.
/// </summary>
public static class ColumnRoleSuggester
{
    private static readonly string[] DateNames = ["date", "week", "week_start", "day", "period", "ds", "date_week", "month"];
    private static readonly string[] KpiWords = ["sales", "revenue", "profit", "conversions", "orders", "ltv", "kpi", "leads", "signups", "gmv", "units"];

    public static Dictionary<string, UploadColumnRole> Suggest(UploadedTable table)
    {
        var roles = new Dictionary<string, UploadColumnRole>(StringComparer.Ordinal);
        string? date = table.Header.FirstOrDefault(h => DateNames.Contains(h.Trim().ToLowerInvariant()))
            ?? table.Header.FirstOrDefault(h => LooksLikeDates(table, table.ColumnIndex(h)));
        foreach (var column in table.Header)
        {
            string name = column.Trim().ToLowerInvariant();
            roles[column] = column == date ? UploadColumnRole.Date
                : name.EndsWith("_impressions") || name.EndsWith("_clicks") ? UploadColumnRole.Ignore
                : name.EndsWith("_spend") || name.EndsWith("_cost") || name.StartsWith("spend_") || name is "spend" or "cost" ? UploadColumnRole.Spend
                : KpiWords.Any(w => name == w || name.StartsWith(w + "_") || name.EndsWith("_" + w)) ? UploadColumnRole.Kpi
                : IsNumeric(table, table.ColumnIndex(column)) ? UploadColumnRole.Control
                : UploadColumnRole.Ignore;
        }
        return roles;
    }

    private static bool LooksLikeDates(UploadedTable table, int column) =>
        table.Rows.Count > 0 && table.Rows.Take(20).All(r => PeriodDates.TryParse(column < r.Length ? r[column] : "", out _));

    private static bool IsNumeric(UploadedTable table, int column) =>
        table.Rows.Count > 0 && table.Rows.Take(50).Count(r => double.TryParse(column < r.Length ? r[column] : "", NumberStyles.Float, CultureInfo.InvariantCulture, out _)) * 2 > Math.Min(50, table.Rows.Count);
}
