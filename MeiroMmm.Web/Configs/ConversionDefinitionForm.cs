namespace MeiroMmm.Web.Configs;

/// <summary>One conversion definition of the config form.</summary>
public sealed class ConversionDefinitionForm
{
    public string Key { get; set; } = "";
    public string EventName { get; set; } = "";
    public string ValueField { get; set; } = "";
    public string DedupMode { get; set; } = "conversion_id";
    public List<ConversionFilterForm> Filters { get; set; } = [];
}
