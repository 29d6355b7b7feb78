using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>Reads lift-test results: columns channel, x, delta_x, delta_y, sigma (original units), one row per experiment.</summary>
public static class LiftTestCsvReader
{
    private static readonly string[] Columns = ["channel", "x", "delta_x", "delta_y", "sigma"];

    public static (IReadOnlyList<LiftTest> Tests, IReadOnlyList<DataProblem> Problems) Read(TextReader reader)
    {
        var problems = new List<DataProblem>();
        var tests = new List<LiftTest>();
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null) return ([], [new DataProblem("(header)", null, "the lift-test file is empty.")]);
        var missing = Columns.Where(c => !csv.HeaderRecord.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) return ([], [new DataProblem(string.Join(", ", missing), null, "lift-test column(s) missing; expected channel, x, delta_x, delta_y, sigma.")]);
        int row = 0;
        while (csv.Read())
        {
            row++;
            double Number(string column)
            {
                string text = csv.GetField(column) ?? "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
                problems.Add(new DataProblem(column, row, $"'{text}' is not a number."));
                return double.NaN;
            }
            tests.Add(new LiftTest(csv.GetField("channel") ?? "", Number("x"), Number("delta_x"), Number("delta_y"), Number("sigma")));
        }
        return (tests, problems);
    }
}
