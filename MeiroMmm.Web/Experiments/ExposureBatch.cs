using MeiroMmm.Infrastructure.Experiments;

namespace MeiroMmm.Web.Experiments;

/// <summary>Body of POST /api/experiments/{id}/exposures: up to 10,000 exposures.</summary>
public sealed record ExposureBatch(IReadOnlyList<ExposureRecord?>? Exposures);
