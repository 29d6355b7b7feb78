using System.Globalization;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;
using MeiroMmm.Infrastructure.Configs;
using MudBlazor;

namespace MeiroMmm.Web.Attribution;

public sealed partial class AttributionPage(JourneyStore journeys, AttributionRunService runs, PathAnalysisService pathAnalysis, ModelConfigStore configs,
    AttributionRoiService roi, IConfiguration configuration)
{
    private JourneyOverview? _overview;
    private IReadOnlyList<StoredAttributionResult>? _results;
    private IReadOnlyList<ChannelComparison> _comparison = [];
    private IReadOnlyList<ChannelRoi> _roi = [];
    private PathAnalysis? _paths;
    private string? _error, _runError;
    private bool _running, _showShare;

    // Run settings, starting from the domain defaults.
    private double _clickDays = AttributionWindows.Default.ClickLookbackDays, _impressionDays = AttributionWindows.Default.ImpressionLookbackDays,
        _latencyDays = AttributionWindows.Default.ConversionLatencyDays, _halfLife = AttributionModelParameters.Default.HalfLifeDays;
    private int _order = AttributionModelParameters.Default.MarkovOrder;
    private IReadOnlyCollection<string> _excluded = [];

    // What the run applies to, and the active model config it starts from (null: none applies, domain defaults).
    private IReadOnlyList<ConversionKeyCount> _keys = [];
    private string? _conversionKey;
    private DateRange? _range;
    private ActiveModelConfig? _config;
    private int _resultsVersion;

    private DateOnly? From => _range?.Start is { } start ? DateOnly.FromDateTime(start) : null;
    private DateOnly? To => _range?.End is { } end ? DateOnly.FromDateTime(end) : null;
    private AttributionWindows ConfigWindows => _config?.Config.Windows ?? AttributionWindows.Default;
    private IReadOnlyList<string> ConfigExcluded => _config?.Config.EligibleTouchpoints.ExcludeChannels ?? [];

    /// <summary>The fields that differ from the config (or the defaults), named for the user.</summary>
    private IReadOnlyList<string> Overrides
    {
        get
        {
            var w = ConfigWindows;
            var changed = new List<string>();
            if (_clickDays != w.ClickLookbackDays) changed.Add($"click lookback {_clickDays:0.#} d (config {w.ClickLookbackDays:0.#})");
            if (_impressionDays != w.ImpressionLookbackDays) changed.Add($"impression lookback {_impressionDays:0.#} d (config {w.ImpressionLookbackDays:0.#})");
            if (_latencyDays != w.ConversionLatencyDays) changed.Add($"conversion latency {_latencyDays:0.#} d (config {w.ConversionLatencyDays:0.#})");
            if (!_excluded.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(ConfigExcluded)) changed.Add("excluded channels");
            return changed;
        }
    }

    private long MaxUploadBytes => configuration.GetValue("Attribution:MaxUploadBytes", AttributionApi.DefaultMaxUploadBytes);

    private IReadOnlyList<string> ComparisonChannels => [.. _comparison.Select(c => c.Channel)];

    private IReadOnlyList<BarSeries> ComparisonSeries => [.. (_results ?? []).Select((r, i) => new BarSeries(Label(r.Model),
        [.. _comparison.Select(c => _showShare ? c.Models[i].Share : c.Models[i].Value)],
        [.. _comparison.Select(c => $"({c.Models[i].Conversions:0.0} conversions, {Percent(c.Models[i].Share)} of credit)")]))];

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            _overview = await journeys.OverviewAsync(CancellationToken.None);
            _keys = await journeys.ConversionKeysAsync(CancellationToken.None);
            if (_config is null) await ApplyConfigAsync();
            await SetResultsAsync(await runs.LatestAsync(CancellationToken.None));
            _paths = await pathAnalysis.AnalyzeAsync(15, null, null, CancellationToken.None);
        }
        catch (System.Data.Common.DbException e) { _error = e.Message; }
    }

    private async Task SetResultsAsync(IReadOnlyList<StoredAttributionResult> results)
    {
        _results = results;
        _comparison = AttributionComparison.Of(results);
        _roi = await roi.ComputeAsync(results, _comparison, CancellationToken.None);
        _resultsVersion++;
    }

    private async Task ConversionKeyChangedAsync(string? key)
    {
        _conversionKey = string.IsNullOrEmpty(key) ? null : key;
        await ApplyConfigAsync();
    }

    /// <summary>
    /// Loads the active model config for the chosen key (without a key: the only active config, if there is exactly one;
    /// with none of them, the page's key becomes that config's key when journeys have it) and resets the fields to it.
    /// </summary>
    private async Task ApplyConfigAsync()
    {
        _config = await configs.GetActiveForRunAsync(_conversionKey, CancellationToken.None);
        if (_conversionKey is null && _config is { } c && _keys.Any(k => k.Key == c.Config.ConversionKey)) _conversionKey = c.Config.ConversionKey;
        ResetToConfig();
    }

    private void ResetToConfig()
    {
        var w = ConfigWindows;
        (_clickDays, _impressionDays, _latencyDays) = (w.ClickLookbackDays, w.ImpressionLookbackDays, w.ConversionLatencyDays);
        _excluded = [.. ConfigExcluded];
        (_order, _halfLife) = (AttributionModelParameters.Default.MarkovOrder, AttributionModelParameters.Default.HalfLifeDays);
    }

    private async Task RunAllAsync()
    {
        _running = true;
        _runError = null;
        // The config's other eligibility lists (include lists, event types) apply as they are; the page edits the windows and exclusions.
        var eligible = _config?.Config.EligibleTouchpoints;
        static IReadOnlyList<string>? NonEmpty(IReadOnlyList<string>? list) => list is { Count: > 0 } ? list : null;
        var settings = new AttributionRunSettings(
            AttributionModelParameters.Default with { MarkovOrder = _order, HalfLifeDays = _halfLife },
            ConfigWindows with { ClickLookbackDays = _clickDays, ImpressionLookbackDays = _impressionDays, ConversionLatencyDays = _latencyDays },
            new TouchpointEligibility(NonEmpty(eligible?.IncludeChannels), _excluded.Count > 0 ? [.. _excluded] : null,
                NonEmpty(eligible?.IncludeEventTypes), NonEmpty(eligible?.ExcludeEventTypes)),
            From, To, _conversionKey, _config?.Id);
        var problems = settings.Windows.Check().Concat(settings.Parameters.Check()).ToList();
        if (problems.Count > 0)
        {
            _runError = string.Join(" ", problems.Select(p => $"{p.Field} {p.Message}"));
            _running = false;
            return;
        }
        try { await SetResultsAsync(await runs.RunAsync(AttributionModelCatalog.Models, settings, CancellationToken.None)); }
        catch (System.Data.Common.DbException e) { _runError = $"The models could not run: {e.Message}"; }
        finally { _running = false; }
    }

    private static (IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series) RemovalChart(IReadOnlyDictionary<string, double> effects)
    {
        var ordered = effects.OrderByDescending(e => e.Value).ToList();
        return ([.. ordered.Select(e => e.Key)], [new BarSeries("Removal effect", [.. ordered.Select(e => e.Value)])]);
    }

    private static (IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series) ShapleyChart(AttributionResult result)
    {
        var ordered = result.Channels.OrderByDescending(c => c.Conversions).ToList();
        return ([.. ordered.Select(c => c.Channel)],
            [new BarSeries("Shapley", [.. ordered.Select(c => c.Conversions)], [.. ordered.Select(c => $"conversions, {Money(c.Value)} value ({Percent(c.Share)})")])]);
    }

    private static (IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series) PathChart(PathAnalysis paths) =>
        ([.. paths.TopPaths.Select(p => p.Path)],
         [new BarSeries("Conversions", [.. paths.TopPaths.Select(p => (double)p.Conversions)],
             [.. paths.TopPaths.Select(p => $"conversions ({Percent(p.ConversionRate)} of {N(p.Journeys)} journeys)")])]);

    private static (IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series) AssistChart(PathAnalysis paths) =>
        ([.. paths.Assists.Select(a => a.Channel)],
         [new BarSeries("Last touch", [.. paths.Assists.Select(a => a.LastTouchConversions)], [.. paths.Assists.Select(_ => "conversions closed")]),
          new BarSeries("Assisted", [.. paths.Assists.Select(a => a.AssistedConversions)],
              [.. paths.Assists.Select(a => a.AssistRatio is { } r ? $"conversions assisted ({r:0.00} per closed one)" : "conversions assisted (never closes)")])]);

    private static string ExcludedText(AttributionRunSettings settings) =>
        settings.Eligibility.ExcludeChannels is { Count: > 0 } excluded ? $"; excluded {string.Join(", ", excluded)}" : "";

    private static string Label(string model) => model switch
    {
        AttributionModelCatalog.FirstTouch => "First touch",
        AttributionModelCatalog.LastTouch => "Last touch",
        AttributionModelCatalog.Linear => "Linear",
        AttributionModelCatalog.TimeDecay => "Time decay",
        AttributionModelCatalog.PositionBased => "Position based",
        AttributionModelCatalog.Markov => "Markov",
        AttributionModelCatalog.Shapley => "Shapley",
        _ => model,
    };

    private static string Roi(double? roi) => roi is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string Number(double x) => x.ToString("#,0.#", CultureInfo.InvariantCulture);
    private static string Money(double x) => x.ToString("#,0", CultureInfo.InvariantCulture);
    private static string Percent(double p) => p.ToString("0.0%", CultureInfo.InvariantCulture);
    private static string Days(double? d) => d is { } days ? days.ToString(days < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " days" : "–";
    private static string Date(DateOnly? d) => d?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "unknown";
}
