using System.Globalization;
using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>The dataset an upload makes, or every problem that keeps it from being saved (never both).</summary>
public sealed record DatasetImportResult(MmmWideData? Data, IReadOnlyList<DataProblem> Problems)
{
    public bool IsValid => Data is not null && Problems.Count == 0;
}

/// <summary>
/// Builds a dataset from an uploaded wide table and checks it with the engine's own rules (<see cref="MmmDataValidator"/>,
/// the checks <see cref="ScaledMmmData.Prepare"/> runs before a fit), once per KPI, so a saved dataset can be fitted on any
/// of its KPIs with every channel and control. All problems are collected; rows count data rows from 1 after the header.
/// </summary>
public static class DatasetImporter
{
    public static DatasetImportResult Build(UploadedTable table, DatasetImportSpec spec)
    {
        var problems = new List<DataProblem>();
        if (string.IsNullOrWhiteSpace(spec.Name)) problems.Add(new DataProblem("name", null, "give the dataset a name."));
        else if (spec.Name.Length > 200) problems.Add(new DataProblem("name", null, "the name is longer than 200 characters."));
        if (spec.Frequency is not (PeriodDates.Weekly or PeriodDates.Daily)) problems.Add(new DataProblem("frequency", null, $"'{spec.Frequency}' is not weekly or daily."));
        if (spec.Kpis.Count == 0) problems.Add(new DataProblem("kpis", null, "choose at least one KPI column."));

        int dateIndex = string.IsNullOrWhiteSpace(spec.DateColumn) ? -1 : table.ColumnIndex(spec.DateColumn);
        if (dateIndex < 0) problems.Add(new DataProblem(string.IsNullOrWhiteSpace(spec.DateColumn) ? "date" : spec.DateColumn, null, "choose the date column (it was not found)."));
        var dates = new DateOnly[table.Rows.Count];
        bool datesParsed = dateIndex >= 0;
        for (int r = 0; r < table.Rows.Count && dateIndex >= 0; r++)
        {
            if (PeriodDates.TryParse(table.Cell(r, dateIndex), out dates[r])) continue;
            datesParsed = false;
            problems.Add(new DataProblem(table.Header[dateIndex], r + 1, $"'{table.Cell(r, dateIndex)}' is not a date (use YYYY-MM-DD)."));
        }
        if (datesParsed && spec.Frequency is PeriodDates.Weekly or PeriodDates.Daily)
        {
            int step = PeriodDates.StepDays(spec.Frequency);
            for (int r = 1; r < dates.Length; r++)
            {
                int gap = dates[r].DayNumber - dates[r - 1].DayNumber;
                if (gap > 0 && gap % step != 0)
                    problems.Add(new DataProblem(table.Header[dateIndex], r + 1, $"{gap} days after the previous row, but {spec.Frequency} data has {step} day{(step == 1 ? "" : "s")} between periods."));
            }
        }

        var parseProblems = new HashSet<(string, int)>();
        NamedSeries[] Read(IEnumerable<string> columns) => [.. columns.Distinct().Select(column =>
        {
            int index = table.ColumnIndex(column);
            var values = new double[table.Rows.Count];
            if (index < 0) { problems.Add(new DataProblem(column, null, "column not found in the file.")); Array.Fill(values, double.NaN); return new NamedSeries(column, values); }
            for (int r = 0; r < values.Length; r++)
            {
                string cell = table.Cell(r, index).Trim();
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]) && double.IsFinite(values[r])) continue;
                values[r] = double.NaN;
                parseProblems.Add((column, r + 1));
                problems.Add(new DataProblem(column, r + 1, cell.Length == 0 ? "the cell is empty." : $"'{cell}' is not a number."));
            }
            return new NamedSeries(column, values);
        })];
        var data = new MmmWideData(dates, Read(spec.Kpis), Read(spec.Channels), Read(spec.Controls));

        // The engine's checks, for every KPI the dataset offers. Its date problems are about the date column, and are
        // consequences when a date did not parse; its "not a number" repeats a cell already reported above.
        string dateName = dateIndex >= 0 ? table.Header[dateIndex] : "date";
        foreach (var kpi in spec.Kpis)
        {
            foreach (var p in MmmDataValidator.Validate(data, new MmmModelSpec(kpi, spec.Channels, spec.Controls)))
            {
                if (p.Row is { } row && parseProblems.Contains((p.Column, row))) continue;
                var problem = p.Column == "date" ? p with { Column = dateName } : p;
                if (problem.Column == dateName && problem.Row is not null && !datesParsed) continue;
                if (!problems.Contains(problem)) problems.Add(problem);
            }
        }
        if (spec.Kpis.Count == 0 && spec.Channels.Count == 0) problems.Add(new DataProblem("channels", null, "choose at least one spend channel."));
        return problems.Count == 0 ? new DatasetImportResult(data, []) : new DatasetImportResult(null, problems);
    }
}
