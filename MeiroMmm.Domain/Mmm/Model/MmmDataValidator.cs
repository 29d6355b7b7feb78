namespace MeiroMmm.Domain.Mmm.Model;

/// <summary>A problem with the input data, naming the column and, where it is one cell, the row (1 = the first data row after the header).</summary>
public sealed record DataProblem(string Column, int? Row, string Message)
{
    public override string ToString() => Row is null ? $"column '{Column}': {Message}" : $"column '{Column}', row {Row}: {Message}";
}

public sealed class MmmDataException(IReadOnlyList<DataProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => p.ToString())))
{
    public IReadOnlyList<DataProblem> Problems { get; } = problems;
}

/// <summary>Checks a dataset against a model spec and reports every problem at once.</summary>
public static class MmmDataValidator
{
    public static IReadOnlyList<DataProblem> Validate(MmmWideData data, MmmModelSpec spec)
    {
        var problems = new List<DataProblem>();
        var all = data.Kpis.Concat(data.Channels).Concat(data.Controls).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First().Values);
        int n = data.PeriodCount;

        for (int t = 1; t < n; t++)
        {
            if (data.Dates[t] == data.Dates[t - 1]) problems.Add(new DataProblem("date", t + 1, $"duplicate date {data.Dates[t]:yyyy-MM-dd}."));
            else if (data.Dates[t] < data.Dates[t - 1]) problems.Add(new DataProblem("date", t + 1, "dates must be in increasing order."));
        }
        if (n > 2)
        {
            int step = data.Dates[1].DayNumber - data.Dates[0].DayNumber;
            for (int t = 2; t < n; t++)
                if (data.Dates[t].DayNumber - data.Dates[t - 1].DayNumber > step && data.Dates[t] > data.Dates[t - 1])
                    problems.Add(new DataProblem("date", t + 1, $"a gap: {data.Dates[t - 1]:yyyy-MM-dd} is followed by {data.Dates[t]:yyyy-MM-dd} (missing periods)."));
        }
        if (n < spec.LMax + 2) problems.Add(new DataProblem("date", null, $"{n} periods are too few for l_max {spec.LMax}: need at least {spec.LMax + 2}."));
        if (spec.LMax < spec.Adstock.MinLMax) problems.Add(new DataProblem("l_max", null, $"{spec.Adstock.Name} adstock needs l_max of at least {spec.Adstock.MinLMax}, not {spec.LMax}."));
        if (spec.Channels.Count == 0) problems.Add(new DataProblem("channels", null, "choose at least one spend channel."));

        void CheckFinite(string column, double[] values)
        {
            for (int t = 0; t < values.Length; t++)
                if (!double.IsFinite(values[t])) problems.Add(new DataProblem(column, t + 1, "is not a number."));
        }

        if (!all.TryGetValue(spec.Kpi, out var kpi)) problems.Add(new DataProblem(spec.Kpi, null, "KPI column not found."));
        else
        {
            CheckFinite(spec.Kpi, kpi);
            if (kpi.All(double.IsFinite) && kpi.Distinct().Count() < 2) problems.Add(new DataProblem(spec.Kpi, null, "the KPI is constant: there is nothing to explain."));
        }
        foreach (var channel in spec.Channels)
        {
            if (!all.TryGetValue(channel, out var spend)) { problems.Add(new DataProblem(channel, null, "spend column not found.")); continue; }
            CheckFinite(channel, spend);
            for (int t = 0; t < spend.Length; t++)
                if (spend[t] < 0) problems.Add(new DataProblem(channel, t + 1, $"negative spend {spend[t]}."));
            if (spend.All(v => v == 0)) problems.Add(new DataProblem(channel, null, "spend is zero in every period: its effect cannot be estimated."));
        }
        foreach (var control in spec.Controls)
        {
            if (!all.TryGetValue(control, out var values)) { problems.Add(new DataProblem(control, null, "control column not found.")); continue; }
            CheckFinite(control, values);
        }
        for (int i = 0; i < spec.LiftTests.Count; i++) problems.AddRange(spec.LiftTests[i].Validate(spec.Channels, i + 1));
        foreach (var name in spec.Channels.Concat(spec.Controls).Append(spec.Kpi).GroupBy(x => x).Where(g => g.Count() > 1))
            problems.Add(new DataProblem(name.Key, null, "is used more than once in the model."));
        return problems;
    }
}
