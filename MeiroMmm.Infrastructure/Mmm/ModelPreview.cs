using System.Diagnostics;
using MeiroMmm.Domain.Mmm.Fitting;
using MeiroMmm.Domain.Mmm.Model;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>A preview computed on request (nothing stored): the channel figures and the modelled KPI split into its parts.</summary>
public sealed record ModelPreviewResult(FitPreview Preview, IReadOnlyList<ContributionComponent> Components);

/// <summary>Either the preview, or the problems with the settings (the same checks as starting a run).</summary>
public sealed record ModelPreviewOutcome(ModelPreviewResult? Result, IReadOnlyList<Persistence.FieldError> Errors);

/// <summary>
/// The run form's "Preview (fast)": the Laplace approximation of the model the settings describe (L-BFGS to the posterior
/// mode, Hessian there, a few hundred approximate draws), as `mmm fit --quick` computes it, about a second on the demo.
/// Not queued and not stored: it runs for the page that asked, on a pool thread, and stops when that page cancels.
/// </summary>
public sealed class ModelPreview(DatasetStore datasets)
{
    /// <summary>Enough approximate draws for stable means and rough 90% intervals; fewer than a run's 1000 to stay fast.</summary>
    public const int Draws = 400;

    public async Task<ModelPreviewOutcome> ComputeAsync(ModelRunSettings settings, CancellationToken ct)
    {
        var errors = settings.CheckSampler().ToList();
        var dataset = await datasets.GetAsync(settings.DatasetId, ct);
        if (dataset is null) errors.Add(new("dataset_id", $"Dataset {settings.DatasetId} does not exist."));
        else errors.AddRange(ModelRunChecks.AgainstDataset(settings, dataset.Summary));
        if (errors.Count > 0 || dataset is null) return new ModelPreviewOutcome(null, errors);
        try
        {
            var data = ScaledMmmData.Prepare(dataset.Data, settings.ToSpec());
            var result = await Task.Run(() =>
            {
                var clock = Stopwatch.StartNew();
                var posterior = new MmmPosterior(data);
                var mode = LaplaceFitter.FindMode(posterior, settings.Seed, starts: 4, ct);
                return LaplaceFitter.FromMode(data, posterior, mode, Draws, settings.Seed, clock);
            }, ct);
            var components = ContributionDecomposition.Decompose(data, result.Draws, result.ContributionSeries);
            return new ModelPreviewOutcome(new ModelPreviewResult(FitPreview.From(result), components), []);
        }
        catch (MmmDataException e)
        {
            return new ModelPreviewOutcome(null, [.. e.Problems.Select(p => new Persistence.FieldError(p.Column, p.ToString()))]);
        }
    }
}
