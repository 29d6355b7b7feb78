using System.Globalization;

namespace MeiroMmm.Web.Scenarios;

/// <summary>How scenario pages and reports write amounts: whole currency/KPI units with thousands separators, percents with one decimal.</summary>
public static class ScenarioFormat
{
    public static string Money(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);
    public static string Signed(double v) => v.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
    public static string Percent(double fraction) => (100 * fraction).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";
    public static string Interval(MeiroMmm.Domain.Mmm.Scenarios.PredictiveInterval i) => $"{Money(i.Mean)} ({Money(i.Lower)}–{Money(i.Upper)})";
}
