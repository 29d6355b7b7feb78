using System.Globalization;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// How the experiment pages write numbers for marketers: rates as percent with one decimal, differences in percentage
/// points with a sign, p-values with three decimals (below 0.001 as "&lt; 0.001"), and "n/a" where a statistic is undefined.
/// </summary>
public static class ExperimentFormat
{
    public const string NotAvailable = "n/a";

    /// <summary>A share in [0, 1] as percent with one decimal: 0.0534 → "5.3%".</summary>
    public static string Percent(double? share) =>
        share is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : NotAvailable;

    /// <summary>A planned share such as the treatment share, without needless decimals: 0.9 → "90%", 0.125 → "12.5%".</summary>
    public static string Share(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);

    /// <summary>A relative change with a sign: 0.12 → "+12.0%".</summary>
    public static string SignedPercent(double? change) =>
        change is { } v ? (v * 100).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture) + "%" : NotAvailable;

    /// <summary>A difference of two rates in percentage points with a sign: 0.006 → "+0.60 pp".</summary>
    public static string Points(double? difference) =>
        difference is { } v ? (v * 100).ToString("+0.00;−0.00;0.00", CultureInfo.InvariantCulture) + " pp" : NotAvailable;

    /// <summary>A p-value: "0.031", or "&lt; 0.001" below 0.001.</summary>
    public static string PValue(double? p) => p switch
    {
        null => NotAvailable,
        < 0.001 => "< 0.001",
        { } v => v.ToString("0.000", CultureInfo.InvariantCulture),
    };

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A money amount in the workspace's currency units with two decimals and a sign when asked.</summary>
    public static string Money(double? amount, bool signed = false) =>
        amount is { } v ? v.ToString(signed ? "+#,0.00;−#,0.00;0.00" : "#,0.00", CultureInfo.InvariantCulture) : NotAvailable;

    /// <summary>"[a, b]" of two formatted bounds.</summary>
    public static string Interval(string low, string high) => $"{low} to {high}";

    public static string Date(DateTimeOffset t) => t.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
