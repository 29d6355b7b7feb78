using MeiroMmm.Domain.Experiments;

namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>draft → running → completed → archived.</summary>
public enum ExperimentStatus { Draft, Running, Completed, Archived }

/// <summary>A holdout test on an owned channel. Its salt and treatment rate fix every profile's group for good.</summary>
public sealed class Experiment
{
    public int Id { get; set; }
    /// <summary>Stable key used in the assignment hash; unique.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Channel { get; set; }
    public double TreatmentRate { get; set; }
    public required string Salt { get; set; }
    public ExperimentStatus Status { get; set; }
    public DateTimeOffset StartAt { get; set; }
    public DateTimeOffset EndAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ExperimentAssignment
{
    public long Id { get; set; }
    public int ExperimentId { get; set; }
    public required string ProfileId { get; set; }
    public ExperimentGroup Group { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}

public sealed class ExperimentExposure
{
    public long Id { get; set; }
    public int ExperimentId { get; set; }
    public required string ProfileId { get; set; }
    /// <summary>The messaging system's id of the message; unique per experiment, so re-posting a batch is harmless.</summary>
    public required string MessageId { get; set; }
    public DateTimeOffset ExposedAt { get; set; }
}

public sealed class ExperimentOutcome
{
    public long Id { get; set; }
    public int ExperimentId { get; set; }
    public required string ProfileId { get; set; }
    public DateTimeOffset ConvertedAt { get; set; }
    public double Value { get; set; }
    /// <summary>The source's conversion id, when it has one.</summary>
    public string? ConversionId { get; set; }
    /// <summary>Unique per experiment: the conversion id, else profile, UTC ticks and value (see <see cref="DedupKeyOf"/>).</summary>
    public required string DedupKey { get; set; }

    public static string DedupKeyOf(string? conversionId, string profileId, DateTimeOffset convertedAt, double value) =>
        string.IsNullOrWhiteSpace(conversionId)
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p:{profileId}|{convertedAt.UtcTicks}|{value:R}")
            : "c:" + conversionId.Trim();
}
