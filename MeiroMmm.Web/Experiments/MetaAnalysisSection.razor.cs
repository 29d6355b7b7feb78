using System.Globalization;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// The meta-analysis of the chosen channel's completed experiments (<see cref="ExperimentMetaAnalysisService"/>) and its
/// forest plot: each experiment's relative uplift with its 95% CI, marker size by random-effects weight, then the two
/// pooled estimates.
/// </summary>
public sealed partial class MetaAnalysisSection(ExperimentMetaAnalysisService meta, MudBlazor.IDialogService dialogs, NavigationManager navigation)
{
    /// <summary>Channels that have completed or archived experiments.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Channels { get; set; } = [];
    [CascadingParameter(Name = "DarkMode")] public bool DarkMode { get; set; }

    private string? _channel;
    private bool _loading;
    private string? _error;
    private MetaAnalysisReport? _report;
    private PlotlyChart? _chart;
    private bool _redraw;
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private Layout _layout = new();
    private IList<ITrace> _data = new List<ITrace>();

    protected override async Task OnParametersSetAsync()
    {
        if (_channel is null && Channels.Count > 0) await SelectAsync(Channels[0]);
    }

    private async Task SelectAsync(string channel)
    {
        _channel = channel;
        _loading = true;
        _error = null;
        var op = await meta.AnalyzeAsync(channel, null, CancellationToken.None);
        _report = op.Value;
        _error = op.Value is null ? op.Reason ?? string.Join(" ", op.Errors.Select(e => e.Message)) : null;
        if (_report is { Experiments.Count: > 0 }) BuildChart(_report);
        _loading = false;
    }

    private static string HeterogeneityMeaning(MetaAnalysisReport r) =>
        r.Df is > 0
            ? $"Share of the spread between experiments beyond chance (Q = {r.Q?.ToString("0.00", CultureInfo.InvariantCulture)} on {r.Df} df, p {ExperimentFormat.PValue(r.QPValue)}). Under 25%: the experiments agree; over 50%: the effect really varies."
            : "Needs two or more experiments.";

    private void BuildChart(MetaAnalysisReport r)
    {
        // Rows top to bottom: each experiment, then the pooled estimates; Plotly's category axis runs bottom-up, so reverse.
        var rows = r.Experiments.Select(s => (Label: s.Name, s.RelUplift, s.RelCiLow, s.RelCiHigh, Size: 8 + 20 * s.RandomWeight, Pooled: false)).ToList();
        if (r.FixedEffect is { } fe) rows.Add(("Pooled, fixed effect", fe.RelUplift, fe.RelCiLow, fe.RelCiHigh, 14, true));
        if (r.RandomEffects is { } re) rows.Add(("Pooled, random effects", re.RelUplift, re.RelCiLow, re.RelCiHigh, 14, true));
        rows.Reverse();
        Scatter Trace(string name, bool pooled, string color)
        {
            var part = rows.Where(x => x.Pooled == pooled).ToList();
            return new Scatter
            {
                Name = name,
                Mode = ModeFlag.Markers,
                X = [.. part.Select(x => (object)(x.RelUplift * 100))],
                Y = [.. part.Select(x => (object)x.Label)],
                ErrorX = new ErrorX
                {
                    Type = Plotly.Blazor.Traces.ScatterLib.ErrorXLib.TypeEnum.Data, Symmetric = false,
                    Array = [.. part.Select(x => (object)((x.RelCiHigh - x.RelUplift) * 100))],
                    ArrayMinus = [.. part.Select(x => (object)((x.RelUplift - x.RelCiLow) * 100))],
                    Color = color,
                },
                Marker = new Marker { Color = color, SizeArray = [.. part.Select(x => (decimal?)x.Size)], Symbol = pooled ? Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Diamond : Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Square },
                CustomData = [.. part.Select(x => (object)$"{x.RelCiLow * 100:+0.0;−0.0}% to {x.RelCiHigh * 100:+0.0;−0.0}%")],
                HoverTemplate = "%{y}<br>Relative uplift %{x:+.1f}%<br>95% CI %{customdata}<extra></extra>",
            };
        }
        _data = new List<ITrace> { Trace("Experiment", false, "#1e88e5"), Trace("Pooled", true, "#43a047") };
        string grid = DarkMode ? "#4a4a55" : "#e6e6e6";
        _layout = new Layout
        {
            Title = new Title { Text = $"Relative uplift of {_channel} experiments with 95% confidence intervals" },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Relative uplift in conversion rate (%)" }, TickSuffix = "%", ZeroLine = true, ZeroLineColor = DarkMode ? "#aaaaaa" : "#757575", GridColor = grid }],
            // Categories in the rows' order (bottom-up), not in the order the traces first name them.
            YAxis = [new YAxis { GridColor = grid, CategoryOrder = Plotly.Blazor.LayoutLib.YAxisLib.CategoryOrderEnum.Array, CategoryArray = [.. rows.Select(x => (object)x.Label)] }],
            Height = 120 + 40 * rows.Count,
            Margin = new Margin { L = 220, R = 20, T = 50, B = 50 },   // room for the experiments' names
            ShowLegend = false,
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Color = DarkMode ? "#e0e0e0" : "#424242" },
        };
        _redraw = _chart is not null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_redraw || _chart is null) return;
        _redraw = false;
        await _chart.React();
    }

    /// <summary>The channel's pooled lift test (GET /api/experiments/meta-analysis/lift-test) into a new model run, then the MMM page.</summary>
    private async Task SendPooledAsync()
    {
        if (_channel is null) return;
        var options = new MudBlazor.DialogOptions { MaxWidth = MudBlazor.MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<SendToModelRunDialog>("Calibrate a model run",
            new MudBlazor.DialogParameters<SendToModelRunDialog> { { d => d.Channel, _channel } }, options);
        if (await dialog.Result is { Canceled: false, Data: Guid run }) navigation.NavigateTo($"/mmm?run={run}");
    }
}
