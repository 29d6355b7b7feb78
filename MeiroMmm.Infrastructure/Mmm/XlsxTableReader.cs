using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// Reads one sheet of an .xlsx workbook (Open XML SDK) into the same <see cref="UploadedTable"/> a CSV gives: the first
/// row is the header, every cell becomes text as a CSV would hold it. Numbers are written invariantly ("1234.5"), and a
/// number formatted as a date (Excel stores dates as days since 1899-12-30) becomes YYYY-MM-DD, so the CSV pipeline
/// (roles, validation, pivot) applies unchanged.
/// </summary>
public static class XlsxTableReader
{
    /// <summary>Excel's built-in number formats that show a date (ECMA-376 Part 1, §18.8.30).</summary>
    private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    /// <summary>The sheet names in workbook order; empty when the file is not a readable workbook.</summary>
    public static IReadOnlyList<string> SheetNames(Stream stream)
    {
        try
        {
            using var doc = SpreadsheetDocument.Open(stream, false);
            return [.. doc.WorkbookPart?.Workbook.Sheets?.Elements<Sheet>().Select(s => s.Name?.Value ?? "") ?? []];
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException) { return []; }
    }

    /// <summary>The named sheet, or the first one when <paramref name="sheetName"/> is empty.</summary>
    public static (UploadedTable? Table, IReadOnlyList<DataProblem> Problems) Read(Stream stream, string? sheetName)
    {
        SpreadsheetDocument doc;
        try { doc = SpreadsheetDocument.Open(stream, false); }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException)
        {
            return (null, [new DataProblem("(file)", null, "the file is not an .xlsx workbook (Excel 2007 or newer); save it as .xlsx or CSV.")]);
        }
        using (doc)
        {
            var workbook = doc.WorkbookPart;
            var sheets = workbook?.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var sheet = string.IsNullOrWhiteSpace(sheetName) ? sheets.FirstOrDefault()
                : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value, sheetName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (workbook is null || sheet?.Id?.Value is not { } partId)
                return (null, [new DataProblem("sheet", null, sheets.Count == 0 ? "the workbook has no sheet."
                    : $"there is no sheet '{sheetName}' (the workbook has {string.Join(", ", sheets.Select(s => s.Name?.Value))}).")]);
            var part = (WorksheetPart)workbook.GetPartById(partId);
            var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            var dateStyles = DateStyles(workbook);

            var rows = new List<string[]>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                int rowIndex = (int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)) - 1;
                while (rows.Count < rowIndex) rows.Add([]);   // rows Excel left out because they are empty
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    int column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column) cells.Add("");
                    cells.Add(Text(cell, strings, dateStyles));
                }
                rows.Add([.. cells]);
            }
            while (rows.Count > 0 && rows[^1].All(string.IsNullOrWhiteSpace)) rows.RemoveAt(rows.Count - 1);
            if (rows.Count == 0 || rows[0].All(string.IsNullOrWhiteSpace))
                return (null, [new DataProblem("(header)", null, $"sheet '{sheet.Name?.Value}' is empty or has no header row.")]);
            var header = rows[0].Select(h => h.Trim()).ToArray();
            var problems = new List<DataProblem>();
            for (int i = 0; i < header.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(header[i])) problems.Add(new DataProblem($"column {i + 1}", null, "has no name in the header row."));
                else if (Array.FindIndex(header, h => string.Equals(h, header[i], StringComparison.OrdinalIgnoreCase)) < i)
                    problems.Add(new DataProblem(header[i], null, "appears twice in the header row."));
            }
            var data = rows.Skip(1).Select(r => r.Select(c => c.Trim()).ToArray()).ToList();
            while (data.Count > 0 && data[^1].All(string.IsNullOrWhiteSpace)) data.RemoveAt(data.Count - 1);
            return (new UploadedTable(header, data), problems);
        }
    }

    private static string Text(Cell cell, string[] strings, HashSet<uint> dateStyles)
    {
        string raw = cell.CellValue?.Text ?? cell.InnerText;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString) return int.TryParse(raw, out int i) && i >= 0 && i < strings.Length ? strings[i] : "";
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        if (type == CellValues.Boolean) return raw == "1" ? "1" : "0";
        if (type == CellValues.String || type == CellValues.Error) return raw;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return raw;
        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && number is > 0 and < 2958466)
            return DateTime.FromOADate(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Indexes of the cell formats that show a date: a built-in date format, or a custom one with d/m/y but no h/s.</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && IsDateFormat(f.FormatCode?.Value ?? ""))
            .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
        var formats = stylesheet?.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        var result = new HashSet<uint>();
        for (int i = 0; i < formats.Count; i++)
            if (formats[i].NumberFormatId?.Value is { } id && (BuiltInDateFormats.Contains(id) || custom.Contains(id))) result.Add((uint)i);
        return result;
    }

    private static bool IsDateFormat(string code)
    {
        // Quoted text and [colour] sections are not format letters.
        var plain = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]", "").ToLowerInvariant();
        return plain.Contains('d') && plain.Contains('y') && !plain.Contains('h') && !plain.Contains('s');
    }

    /// <summary>"C12" → 2 (zero-based column of an A1 reference).</summary>
    private static int ColumnIndex(string reference)
    {
        int column = 0;
        foreach (char c in reference)
        {
            if (!char.IsLetter(c)) break;
            column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return column - 1;
    }
}
