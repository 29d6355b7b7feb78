using System.Globalization;
using MeiroMmm.Domain.Attribution;
using MeiroMmm.Infrastructure.Attribution;

namespace MeiroMmm.Web.Attribution;

public sealed partial class AttributionPage(JourneyStore journeys, AttributionRunService runs, PathAnalysisService pathAnalysis, IConfiguration configuration)
{
    private JourneyOverview? _overview;
    private IReadOnlyList<StoredAttributionResult>? _results;
    private IReadOnlyList<ChannelComparison> _comparison = [];
    private PathAnalysis? _paths;
    private string? _error, _runError;
    private bool _running, _showShare;

    // Run settings, starting from the domain defaults.
    private double _clickDays = AttributionWindows.Default.ClickLookbackDays, _impressionDays = AttributionWindows.Default.ImpressionLookbackDays,
        _latencyDays = AttributionWindows.Default.ConversionLatencyDays, _halfLife = AttributionModelParameters.Default.HalfLifeDays;
    private int _order = AttributionModelParameters.Default.MarkovOrder;
    private IReadOnlyCollection<string> _excluded = [];

    private long MaxUploadBytes => configuration.GetValue("Attribution:MaxUploadBytes", AttributionApi.DefaultMaxUploadBytes);

    private IReadOnlyList<string> ComparisonChannels => [.. _comparison.Select(c => c.Channel)];

    private IReadOnlyList<BarSeries> ComparisonSeries => [.. (_results ?? []).Select((r, i) => new BarSeries(Label(r.Model),
        [.. _comparison.Select(c => _showShare ? c.Models[i].Share : c.Models[i].Value)],
        [.. _comparison.Select(c => $"({c.Models[i].Conversions:0.0} conversions, {Percent(c.Models[i].Share)} of credit)")]))];

    private IReadOnlyList<string> TransitionTargets => _paths is null ? [] :
        [.. _paths.Transitions.Values.SelectMany(r => r.Keys).Distinct().OrderBy(k => k.StartsWith('(') ? "~" + k : k, StringComparer.Ordinal)];

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            _overview = await journeys.OverviewAsync(CancellationToken.None);
            SetResults(await runs.LatestAsync(CancellationToken.None));
            _paths = await pathAnalysis.AnalyzeAsync(15, null, null, CancellationToken.None);
        }
        catch (System.Data.Common.DbException e) { _error = e.Message; }
    }

    private void SetResults(IReadOnlyList<StoredAttributionResult> results)
    {
        _results = results;
        _comparison = AttributionComparison.Of(results);
    }

    private async Task RunAllAsync()
    {
        _running = true;
        _runError = null;
        var settings = new AttributionRunSettings(
            AttributionModelParameters.Default with { MarkovOrder = _order, HalfLifeDays = _halfLife },
            new AttributionWindows(_clickDays, _impressionDays, _latencyDays),
            new TouchpointEligibility(ExcludeChannels: [.. _excluded]));
        var problems = settings.Windows.Check().Concat(settings.Parameters.Check()).ToList();
        if (problems.Count > 0)
        {
            _runError = string.Join(" ", problems.Select(p => $"{p.Field} {p.Message}"));
            _running = false;
            return;
        }
        try { SetResults(await runs.RunAsync(AttributionModelCatalog.Models, settings, CancellationToken.None)); }
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

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string Number(double x) => x.ToString("#,0.#", CultureInfo.InvariantCulture);
    private static string Money(double x) => x.ToString("#,0", CultureInfo.InvariantCulture);
    private static string Percent(double p) => p.ToString("0.0%", CultureInfo.InvariantCulture);
    private static string Days(double? d) => d is { } days ? days.ToString(days < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " days" : "–";
    private static string Date(DateOnly? d) => d?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "unknown";
}
