using System.Globalization;
using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace MeiroMmm.Web.Mmm;

public sealed partial class BudgetOptimizerPanel
{
    private sealed class LimitRow(string channel, double currentPerPeriod)
    {
        public string Channel { get; } = channel;
        public double CurrentPerPeriod { get; } = currentPerPeriod;
        public double? MinPercent { get; set; } = 50;
        public double? MaxPercent { get; set; } = 200;
        public bool Locked { get; set; }
    }

    private sealed class WhatIfRow(string channel, double spend)
    {
        public string Channel { get; } = channel;
        public double Spend { get; set; } = spend;
    }

    /// <summary>The completed run with its prepared data.</summary>
    [Parameter, EditorRequired] public FittedRun Fit { get; set; } = default!;
    /// <summary>The run-quality gate's verdict: a not-usable run is refused, a directional one is planned with a warning.</summary>
    [Parameter] public MeiroMmm.Domain.Mmm.Quality.RunQuality? Quality { get; set; }

    private bool Refused => Quality?.Grade == MeiroMmm.Domain.Mmm.Quality.RunGrade.NotUsable;
    /// <summary>The app's dark theme is on; chart text follows it.</summary>
    [CascadingParameter(Name = "DarkMode")] public bool DarkMode { get; set; }

    private Guid _loadedFor;
    private int _horizon = 13;
    private double _budget;
    private double _risk;
    private List<LimitRow> _limits = [];
    private List<WhatIfRow> _whatIf = [];
    private BudgetPlanView? _plan;
    private IReadOnlyList<ChannelLimit> _planLimits = [];   // what the shown plan was made under, for saving it as a scenario
    private WhatIfView? _whatIfView;
    private List<string> _errors = [];
    private PlotlyChart? _chart;
    private bool _redraw;
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private Layout _layout = new();
    private IList<ITrace> _data = new List<ITrace>();

    private double CurrentTotal => _limits.Sum(l => l.CurrentPerPeriod) * _horizon;

    protected override void OnParametersSet()
    {
        if (_loadedFor == Fit.Run.Id) return;
        _loadedFor = Fit.Run.Id;
        var perPeriod = Fit.SpendPerPeriod();
        _limits = [.. Fit.Data.ChannelNames.Select((c, i) => new LimitRow(c, perPeriod[i]))];
        _whatIf = [.. Fit.Data.ChannelNames.Select((c, i) => new WhatIfRow(c, Math.Round(perPeriod[i] * _horizon)))];
        _budget = Math.Round(CurrentTotal);
        _plan = null;
        UpdateWhatIf();
    }

    private void Optimize()
    {
        if (Refused) return;
        var limits = _limits.Select(l => new ChannelLimit(l.Channel, MinPercent: l.MinPercent, MaxPercent: l.MaxPercent, Locked: l.Locked)).ToList();
        var (plan, errors) = BudgetPlanning.Optimize(Fit, _horizon, _budget, limits, _risk);
        _errors = [.. errors.Select(e => e.Message)];
        _plan = plan;
        _planLimits = limits;
        if (plan is null) return;
        // The what-if starts from the recommendation, so "what if I move a little from it" is one edit away.
        _whatIf = [.. plan.Channels.Select(c => new WhatIfRow(c.Channel, Math.Round(c.Recommended)))];
        UpdateWhatIf();
        _data = new List<ITrace>
        {
            new Bar { Name = "Current", X = plan.Channels.Select(c => (object)c.Channel).ToList(), Y = plan.Channels.Select(c => (object)c.Current).ToList(), HoverTemplate = "%{x}<br>current %{y:,.0f}<extra></extra>" },
            new Bar { Name = "Recommended", X = plan.Channels.Select(c => (object)c.Channel).ToList(), Y = plan.Channels.Select(c => (object)c.Recommended).ToList(), HoverTemplate = "%{x}<br>recommended %{y:,.0f}<extra></extra>" },
        };
        _layout = ChartLayouts.Standard($"Spend over {plan.HorizonPeriods} periods: current vs recommended", "Channel", "Spend (currency units)", DarkMode);
        _layout.BarMode = Plotly.Blazor.LayoutLib.BarModeEnum.Group;
        _redraw = true;
    }

    private void SetWhatIf(WhatIfRow row, double spend)
    {
        row.Spend = spend;
        UpdateWhatIf();
    }

    private void UpdateWhatIf()
    {
        var (view, errors) = BudgetPlanning.WhatIf(Fit, _horizon, _whatIf.ToDictionary(r => r.Channel, r => r.Spend));
        _whatIfView = view;
        if (errors.Count > 0) _errors = [.. errors.Select(e => e.Message)];
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_redraw || _chart is null) return;
        _redraw = false;
        await _chart.React();
    }

    private static string Money(double v) => v.ToString("#,0", CultureInfo.InvariantCulture);
    private static string Signed(double v) => v.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
}
