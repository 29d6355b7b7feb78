using System.Globalization;

namespace MeiroMmm.Domain.DataQuality;

/// <summary>A metric value as a person reads it: shares as %, hours with "h", ratios with "×". Invariant culture.</summary>
public static class DqFormat
{
    public static string Value(DqUnit unit, double value) => unit switch
    {
        DqUnit.Fraction => (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
        DqUnit.Score => value.ToString("0.00", CultureInfo.InvariantCulture),
        DqUnit.Ratio => "×" + value.ToString("0.00", CultureInfo.InvariantCulture),
        DqUnit.Hours => value.ToString("#,0.#", CultureInfo.InvariantCulture) + " h",
        DqUnit.Money => value.ToString("#,0", CultureInfo.InvariantCulture),
        _ => value.ToString(value == Math.Floor(value) ? "#,0" : "#,0.##", CultureInfo.InvariantCulture),
    };

    public static string Value(string metricKey, double value) =>
        Value(DqMetricCatalog.Find(metricKey)?.Unit ?? DqUnit.Count, value);

    public static string Operator(ThresholdOperator op) => op switch
    {
        ThresholdOperator.Gt => ">",
        ThresholdOperator.Lt => "<",
        ThresholdOperator.Gte => "≥",
        _ => "≤",
    };
}
