using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// An uploaded file read and, when tall, pivoted to wide: <see cref="Wide"/> is what roles are picked on and what is saved.
/// <see cref="Problems"/> are the reading problems (an unreadable file leaves <see cref="Wide"/> null).
/// </summary>
public sealed record DatasetFile(UploadedTable? Original, UploadedTable? Wide, bool Tall, IReadOnlyList<DataProblem> Problems)
{
    /// <summary>Reads a CSV upload; a tall table is pivoted by channel, or by channel and campaign.</summary>
    public static DatasetFile Read(TextReader reader, bool pivotByCampaign = false)
    {
        var (table, problems) = UploadedTable.ReadCsv(reader);
        return FromTable(table, problems, pivotByCampaign);
    }

    /// <summary>Reads one sheet of an .xlsx upload (the first unless named) through the same steps as a CSV.</summary>
    public static DatasetFile ReadXlsx(Stream stream, string? sheet, bool pivotByCampaign = false)
    {
        var (table, problems) = XlsxTableReader.Read(stream, sheet);
        return FromTable(table, problems, pivotByCampaign);
    }

    /// <summary>An .xlsx upload, by its name (anything else is read as CSV).</summary>
    public static bool IsXlsx(string? fileName) => fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) == true;

    private static DatasetFile FromTable(UploadedTable? table, IReadOnlyList<DataProblem> problems, bool pivotByCampaign)
    {
        if (table is null) return new DatasetFile(null, null, false, problems);
        if (!TallTablePivot.IsTall(table)) return new DatasetFile(table, table, false, problems);
        string date = ColumnRoleSuggester.Suggest(table).FirstOrDefault(r => r.Value == UploadColumnRole.Date).Key ?? "date";
        var (wide, pivotProblems) = TallTablePivot.Pivot(table, date, pivotByCampaign);
        return new DatasetFile(table, wide, true, [.. problems, .. pivotProblems]);
    }
}
