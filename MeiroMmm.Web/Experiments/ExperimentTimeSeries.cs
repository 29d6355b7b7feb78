using MeiroMmm.Infrastructure.Experiments;

namespace MeiroMmm.Web.Experiments;

/// <summary>Answer of GET /api/experiments/{id}/time-series: cumulative points at the given frequency (D: daily, UTC).</summary>
public sealed record ExperimentTimeSeries(int ExperimentId, string Freq, IReadOnlyList<TimeSeriesPoint> Points);
