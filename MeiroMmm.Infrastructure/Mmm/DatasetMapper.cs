using System.Text.Json;
using MeiroMmm.Domain.Mmm;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>Converts between the domain's wide dataset and its stored form (one row per column).</summary>
public static class DatasetMapper
{
    public static MmmDataset ToRow(string name, string frequency, MmmWideData data, string origin, DateTimeOffset createdAt, string? truthJson = null)
    {
        var dataset = new MmmDataset
        {
            Id = Guid.NewGuid(),
            Name = name,
            Frequency = frequency,
            PeriodStart = data.Dates[0],
            PeriodEnd = data.Dates[^1],
            RowCount = data.PeriodCount,
            DatesJson = JsonSerializer.Serialize(data.Dates.Select(d => d.ToString("yyyy-MM-dd"))),
            Origin = origin,
            TruthJson = truthJson,
            CreatedAt = createdAt,
        };
        int ordinal = 0;
        void Add(IEnumerable<NamedSeries> series, DatasetColumnRole role)
        {
            foreach (var s in series)
                dataset.Columns.Add(new MmmDatasetColumn { DatasetId = dataset.Id, Name = s.Name, Role = role, Ordinal = ordinal++, ValuesJson = JsonSerializer.Serialize(s.Values) });
        }
        Add(data.Kpis, DatasetColumnRole.Kpi);
        Add(data.Channels, DatasetColumnRole.Spend);
        Add(data.Controls, DatasetColumnRole.Control);
        return dataset;
    }

    public static MmmWideData ToDomain(MmmDataset row)
    {
        var dates = (JsonSerializer.Deserialize<string[]>(row.DatesJson) ?? []).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd")).ToArray();
        NamedSeries[] Of(DatasetColumnRole role) =>
            [.. row.Columns.Where(c => c.Role == role).OrderBy(c => c.Ordinal).Select(c => new NamedSeries(c.Name, JsonSerializer.Deserialize<double[]>(c.ValuesJson) ?? []))];
        return new MmmWideData(dates, Of(DatasetColumnRole.Kpi), Of(DatasetColumnRole.Spend), Of(DatasetColumnRole.Control));
    }
}
