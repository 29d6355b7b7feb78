using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MeiroMmm.Tests.Support;

/// <summary>
/// Writes .xlsx workbooks with the Open XML SDK (the library the app reads them with), as Excel stores them: text in
/// the shared-string table, numbers as numbers, and YYYY-MM-DD cells as date serials with a date number format.
/// </summary>
public static class XlsxWorkbook
{
    public static byte[] Create(params (string Sheet, IReadOnlyList<string[]> Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            // Style 1 shows a date (built-in number format 14, "m/d/yyyy").
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sheetList = workbook.Workbook.AppendChild(new Sheets());
            var strings = new List<string>();
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (int r = 0; r < rows.Count; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (int c = 0; c < rows[r].Length; c++) row.Append(Cell(rows[r][c], $"{(char)('A' + c)}{r + 1}", strings));
                    data.Append(row);
                }
                part.Worksheet = new Worksheet(data);
                sheetList.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            foreach (var s in strings) shared.SharedStringTable.Append(new SharedStringItem(new Text(s)));
        }
        return stream.ToArray();
    }

    /// <summary>The rows of a CSV (comma-separated, no quoting) for <see cref="Create"/>.</summary>
    public static IReadOnlyList<string[]> Rows(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))];

    private static Cell Cell(string text, string reference, List<string> strings)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) };
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            return new Cell { CellReference = reference, CellValue = new CellValue(number.ToString("R", CultureInfo.InvariantCulture)) };
        int index = strings.IndexOf(text);
        if (index < 0) { strings.Add(text); index = strings.Count - 1; }
        return new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) };
    }
}
