namespace MeiroMmm.Infrastructure.Mmm;

public enum DatasetColumnRole { Kpi, Spend, Control }

/// <summary>
/// A stored wide MMM dataset. Each column is stored whole (one row per column, values as a JSON array), because the
/// engine reads whole columns and a 3-year weekly dataset is a handful of small arrays.
/// </summary>
public sealed class MmmDataset
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>"weekly" or "daily".</summary>
    public required string Frequency { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public int RowCount { get; set; }
    /// <summary>ISO dates of the periods, as a JSON array, in order.</summary>
    public required string DatesJson { get; set; }
    /// <summary>Where the data came from: "demo", "upload" or "cdp".</summary>
    public required string Origin { get; set; }
    /// <summary>For generated data only: the known true parameters and ROAS, as JSON.</summary>
    public string? TruthJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<MmmDatasetColumn> Columns { get; set; } = [];
}

public sealed class MmmDatasetColumn
{
    public int Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string Name { get; set; }
    public DatasetColumnRole Role { get; set; }
    public int Ordinal { get; set; }
    /// <summary>JSON array of doubles, one per period.</summary>
    public required string ValuesJson { get; set; }
}
