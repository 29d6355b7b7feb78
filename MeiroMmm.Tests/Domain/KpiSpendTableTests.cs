using MeiroMmm.Domain.DataSources;

namespace MeiroMmm.Tests.Domain;

public sealed class KpiSpendTableTests
{
    private static DateOnly D(int day) => new(2031, 1, day);

    [Fact]
    public void Weekly_SumsDaysIntoWholeWeeksFromTheFirstDay_DropsTheShortTail_AndFillsMissingDaysWithZero()
    {
        // 6–21 Jan = 16 days: weeks 6–12 and 13–19, days 20–21 dropped. Days outside the range are ignored.
        var table = KpiSpendTable.Build(D(6), D(21), 7,
            [new(D(5), 9, 7), new(D(6), 1, 10), new(D(8), 1, 20), new(D(12), 1, 5), new(D(15), 1, 40), new(D(20), 1, 100)],
            [new(D(6), "email", 100), new(D(7), "email", 50), new(D(14), "email", 25), new(D(13), "search", 80), new(D(13), "search", 20), new(D(20), "search", 999)]);

        Assert.Equal(2, table.DroppedDays);
        Assert.Equal(D(19), table.To);
        Assert.Equal(["email", "search"], table.SpendColumns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(new KpiSpendRow(D(6), 3, 35, [150, 0]), table.Rows[0], new RowComparer());
        Assert.Equal(new KpiSpendRow(D(13), 1, 40, [25, 100]), table.Rows[1], new RowComparer());
    }

    [Fact]
    public void Daily_HasOneRowPerDay_IncludingDaysWithoutData()
    {
        var table = KpiSpendTable.Build(D(1), D(3), 1, [new(D(2), 4, 8)], [new(D(3), "tv", 5)]);
        Assert.Equal(0, table.DroppedDays);
        Assert.Equal([D(1), D(2), D(3)], table.Rows.Select(r => r.Date));
        Assert.Equal([0, 4, 0], table.Rows.Select(r => r.Conversions));
        Assert.Equal([0.0, 0, 5], table.Rows.Select(r => r.Spend[0]));
    }

    private sealed class RowComparer : IEqualityComparer<KpiSpendRow>
    {
        public bool Equals(KpiSpendRow? a, KpiSpendRow? b) =>
            a is not null && b is not null && a.Date == b.Date && a.Conversions == b.Conversions && a.Value == b.Value && a.Spend.SequenceEqual(b.Spend);
        public int GetHashCode(KpiSpendRow r) => r.Date.GetHashCode();
    }
}
