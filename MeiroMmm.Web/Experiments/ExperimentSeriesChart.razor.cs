using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// Two Plotly charts over the cumulative daily series: conversion rate per group (percent), and the absolute uplift in
/// percentage points with its Newcombe 95% band. Days before both groups have a profile have no rate and are gaps.
/// </summary>
public sealed partial class ExperimentSeriesChart
{
    /// <summary>DOM id of the charts' container, unique on the page.</summary>
    [Parameter, EditorRequired] public string ChartId { get; set; } = "";
    /// <summary>The cumulative intention-to-treat series, one point per UTC day.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<TimeSeriesPoint> Points { get; set; } = [];
    /// <summary>The app's dark theme is on (from MainLayout); text and grid colours follow it.</summary>
    [CascadingParameter(Name = "DarkMode")] public bool DarkMode { get; set; }

    private const string TreatmentColor = "#1e88e5", ControlColor = "#fb8c00", UpliftColor = "#43a047";
    private PlotlyChart? _ratesChart, _upliftChart;
    private bool _redraw;
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private Layout _ratesLayout = new(), _upliftLayout = new();
    private IList<ITrace> _rates = new List<ITrace>(), _uplift = new List<ITrace>();

    protected override void OnParametersSet()
    {
        var x = Points.Select(p => (object)p.Date.ToString("yyyy-MM-dd")).ToList();
        // Plotly reads null as a gap; the values are percent and percentage points, so the hover needs no conversion.
        List<object?> Scaled(Func<TimeSeriesPoint, double?> value) => [.. Points.Select(p => value(p) is { } v ? (object?)(v * 100) : null)];
        _rates = new List<ITrace>
        {
            Line("Treatment (receives the channel)", x, Scaled(p => p.RateTreatment), TreatmentColor, "%{y:.2f}%"),
            Line("Control (held out)", x, Scaled(p => p.RateControl), ControlColor, "%{y:.2f}%"),
        };
        var low = Line("95% interval, low", x, Scaled(p => p.AbsCiLow), "rgba(0,0,0,0)", "%{y:+.2f} pp");
        low.ShowLegend = false;
        var high = Line("95% interval", x, Scaled(p => p.AbsCiHigh), "rgba(0,0,0,0)", "%{y:+.2f} pp");
        high.Fill = FillEnum.ToNextY;   // fills down to the previous trace (the lower bound): the band
        high.FillColor = "rgba(67,160,71,0.2)";
        high.HoverTemplate = "%{x}<br>95% interval, high: %{y:+.2f} pp<extra></extra>";
        _uplift = new List<ITrace> { low, high, Line("Uplift (treatment − control)", x, Scaled(p => p.AbsUplift), UpliftColor, "%{y:+.2f} pp") };
        _ratesLayout = LayoutOf("Cumulative conversion rate per group", "Conversion rate (%)", ".1f", "%");
        _upliftLayout = LayoutOf("Cumulative uplift with 95% confidence interval", "Uplift (percentage points)", "+.1f", " pp");
        _redraw = _ratesChart is not null;   // parameters changed after the first draw (e.g. the theme): redraw
    }

    private static Scatter Line(string name, List<object> x, List<object?> y, string color, string valueFormat) => new()
    {
        Name = name,
        X = x,
        Y = y!,
        Mode = ModeFlag.Lines,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Width = 2 },
        HoverTemplate = $"%{{x}}<br>{name}: {valueFormat}<extra></extra>",
    };

    private Layout LayoutOf(string title, string yTitle, string tickFormat, string tickSuffix)
    {
        string grid = DarkMode ? "#4a4a55" : "#e6e6e6";
        return new Layout
        {
            Title = new Title { Text = title },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Day (UTC), cumulative since the first assignment" }, GridColor = grid }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, TickFormat = tickFormat, TickSuffix = tickSuffix, GridColor = grid }],
            HoverMode = HoverModeEnum.XUnified,
            Height = 340,
            Margin = new Margin { L = 80, R = 20, T = 50, B = 50 },
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Color = DarkMode ? "#e0e0e0" : "#424242" },
        };
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_redraw || _ratesChart is null || _upliftChart is null) return;
        _redraw = false;
        await _ratesChart.React();
        await _upliftChart.React();
    }
}
