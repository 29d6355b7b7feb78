using MeiroMmm.Domain.DataQuality;
using MeiroMmm.Infrastructure.DataQuality;

namespace MeiroMmm.Web.DataQuality;

/// <summary>The dashboard's and the API's "current status": newest snapshot per metric and source, judged by the enabled rules now.</summary>
public sealed class DataQualityStatusService(DqSnapshotStore snapshots, AlertRuleStore rules, TimeProvider clock)
{
    public async Task<IReadOnlyList<MetricStatus>> CurrentAsync(CancellationToken ct)
    {
        var latest = await snapshots.LatestAsync(ct);
        var enabled = (await rules.ListAsync(ct)).Where(r => r.Enabled).ToList();
        var now = clock.GetUtcNow();
        var result = new List<MetricStatus>();
        // Series are loaded once per metric, not per rule.
        foreach (var group in latest.GroupBy(s => s.MetricKey))
        {
            var watching = enabled.Where(r => r.MetricKey == group.Key).ToList();
            var series = watching.Count > 0 ? await snapshots.SeriesAsync(group.Key, null, ct) : new Dictionary<string, IReadOnlyList<MetricPoint>>();
            var metric = DqMetricCatalog.Find(group.Key);
            foreach (var s in group)
            {
                var states = watching.Where(r => r.Source is null || r.Source == s.Source).Select(r =>
                {
                    var eval = AlertRuleEvaluator.Evaluate(r.ToSpec(), series.GetValueOrDefault(s.Source) ?? [], now);
                    return new MetricStatus.RuleState(r.Id, r.Name, r.Severity.ToString().ToLowerInvariant(), eval.Evaluated, eval.Fired, eval.Message);
                }).ToList();
                result.Add(new MetricStatus(s.MetricKey, metric?.Label ?? s.MetricKey, (metric?.Unit ?? DqUnit.Count).ToString().ToLowerInvariant(), s.Source,
                    s.MetricValue, DqFormat.Value(s.MetricKey, s.MetricValue), s.TsBucket, s.ComputedAt, metric?.Meaning ?? "", states));
            }
        }
        // Breached first, then the catalog's order.
        var order = DqMetricCatalog.All.Select((m, i) => (m.Key, i)).ToDictionary(x => x.Key, x => x.i);
        return [.. result.OrderBy(r => r.State == "breached" ? 0 : 1).ThenBy(r => order.GetValueOrDefault(r.MetricKey, 99)).ThenBy(r => r.Source, StringComparer.Ordinal)];
    }
}
