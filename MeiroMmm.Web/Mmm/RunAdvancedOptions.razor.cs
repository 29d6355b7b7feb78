using System.Globalization;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Mmm;

public sealed partial class RunAdvancedOptions(ExperimentStore experiments, ExperimentLiftTestService liftTests)
{
    /// <summary>The options being edited; the run form owns them.</summary>
    [Parameter, EditorRequired] public RunFormOptions Options { get; set; } = default!;
    /// <summary>The channels the run fits (priors and lift tests are per channel).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Channels { get; set; } = [];

    private IReadOnlyList<ExperimentSummary>? _experiments;
    private int? _experimentId;
    private string? _liftChannel;
    private double? _liftSpend;
    private string? _liftError;

    private string Heading
    {
        get
        {
            int priors = Options.Priors.Count(p => !string.IsNullOrWhiteSpace(p.Value));
            return $"Model options: {Describe(Options.Adstock)} adstock, {Describe(Options.Saturation)} saturation, l_max {Options.LMax}"
                   + (priors > 0 ? $", {priors} prior{(priors == 1 ? "" : "s")} set" : "")
                   + (Options.LiftTests.Count > 0 ? $", {Options.LiftTests.Count} lift test{(Options.LiftTests.Count == 1 ? "" : "s")}" : "");
        }
    }

    protected override async Task OnInitializedAsync() =>
        _experiments = [.. (await experiments.ListAsync(CancellationToken.None))
            .Where(e => e.Status is ExperimentStatus.Completed or ExperimentStatus.Archived).OrderByDescending(e => e.EndAt)];

    protected override void OnParametersSet()
    {
        if (_liftChannel is null || !Channels.Contains(_liftChannel)) _liftChannel = Channels.FirstOrDefault();
    }

    private void SetAdstock(string value)
    {
        Options.Adstock = value;
        // Weibull CDF needs l_max ≥ its minimum; the other shapes accept any.
        int min = Domain.Mmm.Model.AdstockShape.TryParse(value)?.MinLMax ?? 1;
        if (Options.LMax < min) Options.LMax = min;
    }

    private void SetSaturation(string value) => Options.Saturation = value;

    /// <summary>The experiment's value uplift as a calibration point, from the same service as GET /api/experiments/{id}/lift-test.</summary>
    private async Task AddLiftTestAsync()
    {
        _liftError = null;
        if (_experimentId is not { } id || _liftChannel is null) return;
        var op = await liftTests.ExportAsync(id, _liftSpend, periodDays: null, _liftChannel, CancellationToken.None);
        if (op.Value is { } lift)
        {
            Options.LiftTests.RemoveAll(l => l.ExperimentId == lift.ExperimentId && l.Channel == lift.Channel);
            Options.LiftTests.Add(lift);
        }
        else _liftError = op.Reason ?? string.Join(" ", op.Errors.Select(e => e.Message));
    }

    private static string Describe(string shape) => shape.Replace('_', ' ');
    private static string Num(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
