using MeiroMmm.Domain.Channels;

namespace MeiroMmm.Infrastructure.Channels;

/// <summary>A completed experiment's incremental ROAS (90% interval) and the spend it was divided by.</summary>
/// <param name="SpendFromAverage">True when the MMM dataset does not cover the experiment's dates, so its spend is the channel's average spend per day × the experiment's days.</param>
public sealed record ExperimentRoas(int ExperimentId, string Key, string Name, DateOnly Start, DateOnly End, long TreatedProfiles,
    double ValueUpliftPerProfile, double Spend, bool SpendFromAverage, double Roas, double Low90, double High90);

/// <summary>One channel seen by the three methods, with the pairs that disagree beyond their uncertainty.</summary>
/// <param name="Spend">The MMM dataset's spend of the channel over the attribution run's dates (or the whole dataset when the run has none).</param>
public sealed record ChannelBoardRow(string Channel, string? MmmChannel, string? AttributionChannel, double? Spend,
    double? AttributedValue, double? AttributionRoi, double? MmmRoas, double? MmmRoasLow90, double? MmmRoasHigh90,
    IReadOnlyList<ExperimentRoas> Experiments, ChannelEstimate? PooledExperiments, IReadOnlyList<ChannelDisagreement> Disagreements);

/// <summary>The channel board: which MMM run and attribution run it reads, its rows, and notes on what is missing.</summary>
public sealed record ChannelBoard(Guid? MmmRunId, string? MmmGrade, Guid? DatasetId, string? AttributionModel, Guid? AttributionRunId,
    DateTimeOffset? AttributionAt, IReadOnlyList<ChannelBoardRow> Channels, IReadOnlyList<string> Notes);
