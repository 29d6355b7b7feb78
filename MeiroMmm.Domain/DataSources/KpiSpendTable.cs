namespace MeiroMmm.Domain.DataSources;

/// <summary>Conversions and their value on one day (already summed in the database).</summary>
public sealed record DailyKpi(DateOnly Date, int Conversions, double Value);

/// <summary>Spend of one spend column on one day (already summed in the database).</summary>
public sealed record DailySpend(DateOnly Date, string Column, double Spend);

/// <summary>One period of the wide table: its first day, the KPIs and the spend per column (in <see cref="KpiSpendTable.SpendColumns"/> order).</summary>
public sealed record KpiSpendRow(DateOnly Date, int Conversions, double Value, IReadOnlyList<double> Spend);

/// <summary>
/// The wide MMM table of a date range: one row per day or per 7-day period starting at <see cref="From"/>, with
/// conversions, conversion value and spend per column summed over the period's days. A day with no journeys or no
/// spend counts as zero. Weekly periods are whole weeks: trailing days that do not fill a week are left out
/// (<see cref="DroppedDays"/>), because a short last period would look like a drop in conversions.
/// </summary>
public sealed record KpiSpendTable(DateOnly From, DateOnly To, int DroppedDays, IReadOnlyList<string> SpendColumns, IReadOnlyList<KpiSpendRow> Rows)
{
    public static KpiSpendTable Build(DateOnly from, DateOnly to, int periodDays, IEnumerable<DailyKpi> kpis, IEnumerable<DailySpend> spend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodDays, 1);
        if (to < from) throw new ArgumentException($"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).", nameof(to));
        int days = to.DayNumber - from.DayNumber + 1;
        int periods = days / periodDays;
        int dropped = days - periods * periodDays;
        var spendList = spend.ToList();
        var columns = spendList.Select(s => s.Column).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var columnIndex = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var conversions = new int[periods];
        var values = new double[periods];
        var spendSums = new double[periods, columns.Count];

        int? Period(DateOnly date)
        {
            int offset = date.DayNumber - from.DayNumber;
            return offset < 0 || offset / periodDays >= periods ? null : offset / periodDays;
        }
        foreach (var k in kpis)
            if (Period(k.Date) is { } p) { conversions[p] += k.Conversions; values[p] += k.Value; }
        foreach (var s in spendList)
            if (Period(s.Date) is { } p) spendSums[p, columnIndex[s.Column]] += s.Spend;

        var rows = Enumerable.Range(0, periods).Select(p => new KpiSpendRow(
            from.AddDays(p * periodDays), conversions[p], values[p], [.. Enumerable.Range(0, columns.Count).Select(c => spendSums[p, c])])).ToList();
        return new KpiSpendTable(from, periods == 0 ? from : from.AddDays(periods * periodDays - 1), dropped, columns, rows);
    }
}
