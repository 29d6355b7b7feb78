using MeiroMmm.Infrastructure.Experiments;

namespace MeiroMmm.Web.Experiments;

/// <summary>Body of POST /api/experiments/{id}/outcomes: up to 10,000 outcomes.</summary>
public sealed record OutcomeBatch(IReadOnlyList<OutcomeRecord?>? Outcomes);
