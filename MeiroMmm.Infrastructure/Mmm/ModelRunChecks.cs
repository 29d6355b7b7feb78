using MeiroMmm.Infrastructure.Persistence;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>The checks of run settings against the dataset they name; shared by starting a run and previewing one.</summary>
public static class ModelRunChecks
{
    public static IEnumerable<FieldError> AgainstDataset(ModelRunSettings settings, DatasetSummary dataset)
    {
        if (!dataset.Kpis.Contains(settings.Kpi))
            yield return new("kpi", $"KPI '{settings.Kpi}' is not a KPI column of this dataset (it has: {string.Join(", ", dataset.Kpis)}).");
        if (settings.Channels.Count == 0) yield return new("spend_channels", "Pick at least one spend channel.");
        foreach (var c in settings.Channels.Where(c => !dataset.Channels.Contains(c)))
            yield return new("spend_channels", $"'{c}' is not a spend column of this dataset.");
        foreach (var c in settings.Controls.Where(c => !dataset.Controls.Contains(c)))
            yield return new("covariates", $"'{c}' is not a control column of this dataset.");
    }
}
