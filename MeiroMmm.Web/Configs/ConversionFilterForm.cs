namespace MeiroMmm.Web.Configs;

/// <summary>One filter row of the config form; several values are typed comma-separated.</summary>
public sealed class ConversionFilterForm
{
    public string Field { get; set; } = "";
    public string Op { get; set; } = "eq";
    public string Values { get; set; } = "";
}
