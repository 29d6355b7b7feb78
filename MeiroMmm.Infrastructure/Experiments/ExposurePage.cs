namespace MeiroMmm.Infrastructure.Experiments;

/// <summary>A page of an experiment's exposures, newest first, with the total count.</summary>
public sealed record ExposurePage(long Total, int Offset, IReadOnlyList<ExposureRecord> Exposures);
