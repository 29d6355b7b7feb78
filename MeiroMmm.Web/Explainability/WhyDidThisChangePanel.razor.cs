using System.Data.Common;
using System.Globalization;
using MeiroMmm.Domain.Explainability;
using MeiroMmm.Infrastructure.Explainability;
using Microsoft.AspNetCore.Components;

namespace MeiroMmm.Web.Explainability;

public sealed partial class WhyDidThisChangePanel(ExplainabilityService service)
{
    /// <summary>The metric shown first: conversions, value or roas.</summary>
    [Parameter] public string InitialMetric { get; set; } = MetricDecomposition.Conversions;

    private sealed record Row(SegmentContribution Segment, string Why);

    private DateTime? _from, _to, _compareFrom, _compareTo;
    private string _scope = ExplainabilityRequest.ChannelScope;
    private string _metric = MetricDecomposition.Conversions;
    private ExplainabilitySummary? _summary;
    private bool _loading = true, _noJourneys;
    private string? _error, _inputError;

    private string ScopeNoun => _summary?.Scope ?? _scope;

    protected override async Task OnInitializedAsync()
    {
        _metric = InitialMetric;
        try
        {
            if (await service.DefaultPeriodsAsync(CancellationToken.None) is not { } d) { _noJourneys = true; _loading = false; return; }
            (_from, _to, _compareFrom, _compareTo) = (Day(d.From), Day(d.To), Day(d.CompareFrom), Day(d.CompareTo));
            await ExplainAsync();
        }
        catch (DbException e) { _error = e.Message; _loading = false; }
    }

    private async Task ExplainAsync()
    {
        _inputError = null;
        if (_from is not { } from || _to is not { } to || _compareFrom is not { } compareFrom || _compareTo is not { } compareTo)
        {
            _inputError = "Pick all four dates: the current period and the period to compare it with.";
            return;
        }
        if (to < from || compareTo < compareFrom)
        {
            _inputError = to < from ? "The current period ends before it starts." : "The comparison period ends before it starts.";
            return;
        }
        _loading = true;
        _error = null;
        try
        {
            _summary = await service.ExplainAsync(new ExplainabilityRequest(_scope,
                DateOnly.FromDateTime(from), DateOnly.FromDateTime(to), DateOnly.FromDateTime(compareFrom), DateOnly.FromDateTime(compareTo)), CancellationToken.None);
        }
        catch (DbException e) { _error = e.Message; }
        finally { _loading = false; }
    }

    private MetricDecomposition? Selected(ExplainabilitySummary s) => _metric switch
    {
        MetricDecomposition.Value => s.Metrics.Value,
        MetricDecomposition.Roas => s.Metrics.Roas,
        _ => s.Metrics.Conversions,
    };

    private string MetricLabel => _metric switch
    {
        MetricDecomposition.Value => "Conversion value (currency units)",
        MetricDecomposition.Roas => "Paid ROAS (value per unit of spend)",
        _ => "Conversions",
    };

    private string ValueFormat => _metric == MetricDecomposition.Roas ? ",.2f" : ",.1f";

    /// <summary>Top contributors first, then movers not already listed.</summary>
    private static IReadOnlyList<Row> Rows(MetricDecomposition d)
    {
        var rows = d.TopContributors.Select(s => new Row(s, d.TopMovers.Contains(s) ? "Top contributor and mover" : "Top contributor")).ToList();
        rows.AddRange(d.TopMovers.Where(m => !d.TopContributors.Contains(m)).Select(m => new Row(m, "Top mover (share)")));
        return rows;
    }

    private string Format(double x) => _metric switch
    {
        MetricDecomposition.Roas => x.ToString("0.00", CultureInfo.InvariantCulture),
        MetricDecomposition.Value => x.ToString("N2", CultureInfo.InvariantCulture),
        _ => x.ToString("N1", CultureInfo.InvariantCulture),
    };

    private string Signed(double x) => (x > 0 ? "+" : x < 0 ? "−" : "") + Format(Math.Abs(x));

    private static string Pct(double share) => ChangeNarrative.Percent(share);

    private static string PresenceNote(SegmentPresence p) => p switch
    {
        SegmentPresence.CurrentOnly => "(new)",
        SegmentPresence.CompareOnly => "(gone)",
        _ => "",
    };

    private static string Score(DataQualityConfidence dq) =>
        dq.Score is { } score ? $"{score.ToString("0", CultureInfo.InvariantCulture)}/100 · {dq.Band}" : "Not measured (no data-quality run yet)";

    private static string AsOf(DataQualityConfidence dq) =>
        dq.AsOf is { } t ? $" (current period's figures measured {t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)" : "";

    private static string Period(PeriodTotals p) =>
        $"{p.From:yyyy-MM-dd} – {p.To:yyyy-MM-dd}: {p.Journeys.ToString("N0", CultureInfo.InvariantCulture)} journeys, {p.Conversions.ToString("N0", CultureInfo.InvariantCulture)} conversions, "
        + $"{p.Value.ToString("N2", CultureInfo.InvariantCulture)} currency units"
        + (p.Spend is { } spend ? $", spend {spend.ToString("N2", CultureInfo.InvariantCulture)}" : "");

    private static MudBlazor.Color LevelColor(string level) => level switch
    {
        Comparability.High => MudBlazor.Color.Success,
        Comparability.Medium => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Error,
    };

    private static DateTime Day(DateOnly d) => d.ToDateTime(TimeOnly.MinValue);
}
