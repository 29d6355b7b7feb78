namespace MeiroMmm.Domain.Mmm.Demo;

/// <summary>US retail holidays used by the demo's holiday control (as reference/stan/generate_data.py flags them).</summary>
public static class HolidayCalendar
{
    /// <summary>True when the 7 days starting at <paramref name="weekStart"/> contain New Year's Day, Memorial Day,
    /// 4 July, Labor Day, Thanksgiving or Christmas Day.</summary>
    public static bool WeekContainsUsHoliday(DateOnly weekStart)
    {
        for (int i = 0; i < 7; i++)
        {
            var day = weekStart.AddDays(i);
            if ((day.Month, day.Day) is (1, 1) or (7, 4) or (12, 25)) return true;
            if (day.Month == 5 && day.DayOfWeek == DayOfWeek.Monday && day.Day + 7 > 31) return true;      // last Monday of May
            if (day.Month == 9 && day.DayOfWeek == DayOfWeek.Monday && day.Day <= 7) return true;          // first Monday of September
            if (day.Month == 11 && day.DayOfWeek == DayOfWeek.Thursday && day.Day is >= 22 and <= 28) return true; // 4th Thursday
        }
        return false;
    }
}
