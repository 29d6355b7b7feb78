using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// A file as uploaded, before any column has a role: the header and every row as text. Row i of <see cref="Rows"/> is
/// data row i + 1 (the header is not counted), as <see cref="DataProblem"/> numbers rows.
/// </summary>
public sealed record UploadedTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
{
    public int ColumnIndex(string name) => Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

    public string Cell(int row, int column) => column < Rows[row].Length ? Rows[row][column] : "";

    /// <summary>Reads a CSV (delimiter detected: comma, semicolon, tab, pipe) with a header row; problems name row and column.</summary>
    public static (UploadedTable? Table, IReadOnlyList<DataProblem> Problems) ReadCsv(TextReader reader)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true, DetectDelimiterValues = [",", ";", "\t", "|"], TrimOptions = TrimOptions.Trim,
            BadDataFound = null, MissingFieldFound = null,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header || header.All(string.IsNullOrWhiteSpace))
            return (null, [new DataProblem("(header)", null, "the file is empty or has no header row.")]);
        var problems = new List<DataProblem>();
        if (header.Length == 1)
            problems.Add(new DataProblem(header[0], null, "only one column was found: save the file with commas (or semicolons or tabs) between the columns."));
        for (int i = 0; i < header.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(header[i])) problems.Add(new DataProblem($"column {i + 1}", null, "has no name in the header row."));
            else if (Array.FindIndex(header, h => string.Equals(h, header[i], StringComparison.OrdinalIgnoreCase)) < i)
                problems.Add(new DataProblem(header[i], null, "appears twice in the header row."));
        }
        var rows = new List<string[]>();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            if (record.All(string.IsNullOrWhiteSpace)) continue;   // a trailing blank line is not a period
            if (record.Length != header.Length)
                problems.Add(new DataProblem("(row)", rows.Count + 1, $"has {record.Length} cells but the header has {header.Length} columns."));
            rows.Add(record);
        }
        if (rows.Count == 0) problems.Add(new DataProblem("(rows)", null, "the file has a header but no data rows."));
        return (new UploadedTable(header, rows), problems);
    }
}
