using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>The engine's checks of one KPI of a dataset with all its channels and controls: every problem, by column and row.</summary>
public sealed record KpiValidation(string Kpi, bool Valid, IReadOnlyList<DataProblem> Problems);

/// <summary>
/// A stored dataset checked with the rules a fit applies before it starts (<see cref="MmmDataValidator"/>), once per KPI,
/// so an integrator can see whether a run on any KPI would be refused, and why, without starting one.
/// </summary>
public sealed record DatasetValidation(Guid DatasetId, bool Valid, int LMax, string Adstock, IReadOnlyList<KpiValidation> Kpis)
{
    public static DatasetValidation Check(DatasetDetail dataset, int lMax, AdstockShape adstock)
    {
        var s = dataset.Summary;
        var kpis = s.Kpis.Select(kpi =>
        {
            var spec = new MmmModelSpec(kpi, s.Channels, s.Controls) { LMax = lMax, Adstock = adstock };
            var problems = MmmDataValidator.Validate(dataset.Data, spec);
            return new KpiValidation(kpi, problems.Count == 0, problems);
        }).ToList();
        return new DatasetValidation(s.Id, kpis.All(k => k.Valid), lMax, adstock.Name, kpis);
    }
}
