using System.Globalization;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// What a column holds, for the wizard: how many cells are numbers, empty or text, and min/mean/max/zeros of the
/// numbers; <see cref="Values"/> are the numbers in row order (NaN where a cell is not a number) for the sparkline.
/// </summary>
public sealed record ColumnStats(string Column, int Numbers, int Empty, int Text, double Min, double Mean, double Max, int Zeros, double[] Values)
{
    public static ColumnStats Of(UploadedTable table, string column)
    {
        int index = table.ColumnIndex(column);
        var values = new double[table.Rows.Count];
        int empty = 0, text = 0;
        for (int r = 0; r < values.Length; r++)
        {
            string cell = index < 0 ? "" : table.Cell(r, index).Trim();
            if (cell.Length == 0) { empty++; values[r] = double.NaN; }
            else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) values[r] = v;
            else { text++; values[r] = double.NaN; }
        }
        var numbers = values.Where(double.IsFinite).ToList();
        return numbers.Count == 0
            ? new ColumnStats(column, 0, empty, text, double.NaN, double.NaN, double.NaN, 0, values)
            : new ColumnStats(column, numbers.Count, empty, text, numbers.Min(), numbers.Average(), numbers.Max(), numbers.Count(v => v == 0), values);
    }
}
