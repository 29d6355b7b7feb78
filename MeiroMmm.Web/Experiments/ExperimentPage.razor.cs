using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Experiments;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace MeiroMmm.Web.Experiments;

/// <summary>One experiment: its statistics with what each means, the cumulative series, the nightly history and its life cycle.</summary>
public sealed partial class ExperimentPage(ExperimentService experiments, ExperimentResultsService results, ExperimentResultsCache resultsCache, IOptions<ExperimentOptions> options,
    MudBlazor.IDialogService dialogs, NavigationManager navigation)
{
    /// <summary>The alerts the latest nightly report stored, with its day.</summary>
    private sealed record NightlyAlerts(DateOnly Day, IReadOnlyList<ExperimentAlertRow> Alerts);

    /// <summary>One stored nightly row, read from its intention-to-treat JSON; a missing view leaves the numbers null.</summary>
    private sealed record HistoryRow(DateOnly Day, string Profiles, double? RateTreatment, double? RateControl, double? AbsUplift, double? PValue, bool? SrmFlag);

    private static readonly double Z95 = StandardNormal.TwoSidedCritical(0.05);

    /// <summary>The experiment's id, from the route.</summary>
    [Parameter] public int Id { get; set; }

    private bool _loading = true;
    private string? _error;
    private ExperimentDetails? _details;
    private ExperimentResults? _results;
    private IReadOnlyList<TimeSeriesPoint>? _series;
    private List<HistoryRow>? _history;
    private NightlyAlerts? _nightlyAlerts;
    private bool _moving;
    private string? _moveError;

    private string Summary => _details is null ? "" :
        $"Holdout test on {_details.Channel}, {ExperimentFormat.Date(_details.StartAt)} – {ExperimentFormat.Date(_details.EndAt)}, " +
        $"{ExperimentFormat.Share(_details.TreatmentRate)} of profiles receive the channel and the rest are held out.";

    private string StatusMeaning => _details?.Status switch
    {
        ExperimentStatus.Draft => "Not started: profiles can be assigned, but the test is not live.",
        ExperimentStatus.Running => "Live: profiles are being assigned and results update as data arrives.",
        ExperimentStatus.Completed => "Finished: no new assignments; late conversions still count.",
        ExperimentStatus.Archived => "Archived: kept for reference, takes no more data.",
        _ => "",
    };

    private (ExperimentStatus Target, string Label)? NextAction => _details?.Status switch
    {
        ExperimentStatus.Draft => (ExperimentStatus.Running, "Start experiment"),
        ExperimentStatus.Running => (ExperimentStatus.Completed, "Complete experiment"),
        ExperimentStatus.Completed => (ExperimentStatus.Archived, "Archive"),
        _ => null,
    };

    private string CoverageMeaning => _results is null ? "" :
        $"{ExperimentFormat.Count(_results.ExposedTreatment)} treatment profiles were actually sent a message. " +
        (_results.PerProtocol is { } pp ? $"Among them the uplift is {ExperimentFormat.Points(pp.AbsUplift)}." : "");

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            _details = await experiments.GetAsync(Id, CancellationToken.None);
            if (_details is not null) await LoadResultsAsync();
        }
        catch (DbException e) { _error = e.Message; }
        _loading = false;
    }

    private async Task LoadResultsAsync()
    {
        // Through the cache GET …/results answers from: the page and the API show the same computation, and a reload
        // with no new data does not recompute.
        _results = await resultsCache.ResultsAsync(Id, CancellationToken.None);
        _series = await results.TimeSeriesAsync(Id, CancellationToken.None);
        var history = await results.HistoryAsync(Id, CancellationToken.None);
        _history = history?.Select(ToRow).Reverse().ToList();
        _nightlyAlerts = history is { Count: > 0 } ? AlertsOf(history[^1]) : null;
    }

    private async Task ReloadAsync()
    {
        _details = await experiments.GetAsync(Id, CancellationToken.None);
        await LoadResultsAsync();
    }

    private string LatencyDays => options.Value.ConversionLatencyDays.ToString("0.#", CultureInfo.InvariantCulture);

    private static NightlyAlerts? AlertsOf(ExperimentResultHistoryEntry entry) =>
        entry.Results.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array
            ? new(entry.Day, alerts.Deserialize<List<ExperimentAlertRow>>(Infrastructure.Persistence.StoredJson.Options) ?? [])
            : null;

    private static MudBlazor.Severity AlertSeverity(string level) => level switch
    {
        "success" => MudBlazor.Severity.Success,
        "warning" => MudBlazor.Severity.Warning,
        "error" => MudBlazor.Severity.Error,
        _ => MudBlazor.Severity.Info,
    };

    /// <summary>What each status change does and that it cannot be undone (transitions only go forward).</summary>
    private static string Consequence(ExperimentStatus target) => target switch
    {
        ExperimentStatus.Running => "The test goes live: its dates, channel and treatment share are fixed from now on; it cannot go back to a draft.",
        ExperimentStatus.Completed => "No new profiles are assigned and the results become final (conversions within the latency window still count). A completed experiment cannot run again.",
        ExperimentStatus.Archived => "The experiment takes no more data and is kept for reference only. This cannot be undone.",
        _ => "",
    };

    private async Task ConfirmMoveAsync(ExperimentStatus target, string label)
    {
        bool? yes = await dialogs.ShowMessageBoxAsync($"{label}?", Consequence(target),
            yesText: label, cancelText: "Cancel");
        if (yes == true) await MoveAsync(target);
    }

    private async Task EditAsync()
    {
        var options = new MudBlazor.DialogOptions { MaxWidth = MudBlazor.MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<NewExperimentDialog>("Edit experiment",
            new MudBlazor.DialogParameters<NewExperimentDialog> { { d => d.Experiment, _details } }, options);
        if (await dialog.Result is { Canceled: false }) await ReloadAsync();
    }

    private async Task SendToModelRunAsync()
    {
        var options = new MudBlazor.DialogOptions { MaxWidth = MudBlazor.MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<SendToModelRunDialog>("Send to a model run",
            new MudBlazor.DialogParameters<SendToModelRunDialog> { { d => d.ExperimentId, Id }, { d => d.Channel, _details!.Channel } }, options);
        if (await dialog.Result is { Canceled: false, Data: Guid run }) navigation.NavigateTo($"/mmm?run={run}");
    }

    private async Task MoveAsync(ExperimentStatus target)
    {
        _moving = true;
        _moveError = null;
        try
        {
            var op = await experiments.ChangeStatusAsync(Id, target.ToString(), CancellationToken.None);
            if (op.Value is { } details) _details = details;
            else _moveError = op.Reason ?? string.Join(" ", op.Errors.Select(e => e.Message));
        }
        catch (DbException e) { _moveError = $"The status could not be changed: {e.Message}"; }
        _moving = false;
    }

    private static string PFormatted(double? p) => ExperimentFormat.PValue(p) is var s && s.StartsWith('<') ? s : "= " + s;

    /// <summary>Wilson 95% interval of one group's rate, the interval Newcombe's difference is built from.</summary>
    private static string RateInterval(long conversions, long profiles)
    {
        var ci = ProportionIntervals.Wilson(conversions, profiles, Z95);
        return ExperimentFormat.Interval(ExperimentFormat.Percent(ci.Low), ExperimentFormat.Percent(ci.High));
    }

    /// <summary>
    /// The reading in one sentence, from the uplift's 95% interval rather than the p-value: with small counts the two
    /// can disagree, and docs/EXPERIMENTS.md §2 says to trust the interval.
    /// </summary>
    private static string Verdict(UpliftSummary itt)
    {
        string interval = ExperimentFormat.Interval(ExperimentFormat.Points(itt.AbsCiLow), ExperimentFormat.Points(itt.AbsCiHigh));
        string effect = $"{ExperimentFormat.Points(itt.AbsUplift)} ({ExperimentFormat.SignedPercent(itt.RelUplift)} relative)";
        if (itt.AbsCiLow > 0) return $"The channel raised conversion: {effect}, and the whole 95% interval ({interval}) is above zero.";
        if (itt.AbsCiHigh < 0) return $"The channel lowered conversion: {effect}, and the whole 95% interval ({interval}) is below zero.";
        return $"Not conclusive yet: the estimated uplift is {effect}, but the 95% interval ({interval}) includes zero, so no effect is still plausible.";
    }

    private static MudBlazor.Severity VerdictSeverity(UpliftSummary itt) =>
        itt.AbsCiLow > 0 ? MudBlazor.Severity.Success : itt.AbsCiHigh < 0 ? MudBlazor.Severity.Error : MudBlazor.Severity.Info;

    private static string PValueMeaning(double? p) => p switch
    {
        null => "Not available: no conversions in either group yet.",
        < 0.05 => "Below 0.05: a difference this large would rarely appear by chance if the channel had no effect.",
        _ => "0.05 or more: a difference this large could well appear by chance, even with no effect.",
    };

    private static string ValueMeaning(ValueComparison v) =>
        $"Treatment vs control, non-converters count as 0. Difference {ExperimentFormat.Money(v.MeanDifference, signed: true)} " +
        $"(95% CI {ExperimentFormat.Interval(ExperimentFormat.Money(v.CiLow, signed: true), ExperimentFormat.Money(v.CiHigh, signed: true))}), " +
        $"Welch's p {PFormatted(v.PValue)}.";

    private static HistoryRow ToRow(ExperimentResultHistoryEntry entry)
    {
        if (!entry.Results.TryGetProperty("intention_to_treat", out var itt) || itt.ValueKind != JsonValueKind.Object)
            return new HistoryRow(entry.Day, "n/a", null, null, null, null, null);
        double? Number(string name) => itt.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        long Whole(string name) => itt.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        bool? Flag = itt.TryGetProperty("srm_flag", out var f) && f.ValueKind is JsonValueKind.True or JsonValueKind.False ? f.GetBoolean() : null;
        return new HistoryRow(entry.Day, $"{ExperimentFormat.Count(Whole("n_treatment"))} / {ExperimentFormat.Count(Whole("n_control"))}",
            Number("rate_treatment"), Number("rate_control"), Number("abs_uplift"), Number("p_value"), Flag);
    }
}
