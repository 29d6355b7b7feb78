using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace MeiroMmm.Web.Mmm;

/// <summary>The MMM charts' common layout: title, axis titles and formats, transparent background, text and grid following the theme.</summary>
public static class ChartLayouts
{
    public static Layout Standard(string title, string xTitle, string yTitle, bool darkMode, string yFormat = ",.0f", int height = 360)
    {
        string grid = darkMode ? "#4a4a55" : "#e6e6e6";
        return new Layout
        {
            Title = new Title { Text = title },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, GridColor = grid }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, TickFormat = yFormat, GridColor = grid,
                // Long tick labels (140,000,000) would otherwise run into the axis title.
                AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True }],
            HoverMode = HoverModeEnum.Closest,
            Height = height,
            Margin = new Margin { L = 70, R = 20, T = 50, B = 50 },
            PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Color = darkMode ? "#e0e0e0" : "#424242" },
        };
    }
}
