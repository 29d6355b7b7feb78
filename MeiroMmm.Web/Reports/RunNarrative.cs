using MeiroMmm.Domain.Mmm.Quality;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Web.Reports;

/// <summary>The executive narrative of one MMM run: fixed sentence templates filled with the run's stored numbers.</summary>
public static class RunNarrative
{
    public static IReadOnlyList<NarrativeSentence> For(FittedRun fit, RunQuality quality, string datasetName)
    {
        var r = fit.Result;
        string id = fit.Run.Id.ToString();
        var channels = r.Channels.OrderByDescending(c => c.RoasMean).ToList();
        double spend = r.Channels.Sum(c => c.Spend), media = r.Channels.Sum(c => c.ContributionMean), kpi = r.Periods.Sum(p => p.Observed);
        var sentences = new List<NarrativeSentence>
        {
            new($"The model explains {fit.Run.Kpi} over {fit.Data.Periods} periods of '{datasetName}' ({fit.Data.Dates[0]:yyyy-MM-dd} to {fit.Data.Dates[^1]:yyyy-MM-dd}) "
                + $"with an in-sample R² of {r.Fit.R2:0.00} and a mean absolute percentage error of {100 * r.Fit.Mape:0.0}%.",
                $"GET /api/models/{id} → result.fit.r2, result.fit.mape"),
            new($"Its quality grade is {Grade(quality.Grade)}" + (quality.Reasons.Count == 0 ? ": every check passed." : $": {string.Join(" ", quality.Reasons.Select(q => q.Message))}"),
                $"GET /api/models/{id}/quality → grade, reasons"),
            new($"Media drove {Money(media)} of {Money(kpi)} {fit.Run.Kpi} ({100 * media / kpi:0.0}%) on {Money(spend)} of spend: {media / spend:0.00} per 1.00 spent.",
                $"GET /api/models/{id}/roi → channels[].contribution_mean, spend; result.periods[].observed"),
        };
        if (channels.Count > 0)
        {
            var best = channels[0];
            sentences.Add(new($"{best.Channel} returned the most: {best.RoasMean:0.00} per 1.00 (90% interval {best.RoasQ05:0.00}–{best.RoasQ95:0.00}), "
                + $"and one more unit of spend there would bring {best.MarginalRoas:0.00}.", $"GET /api/models/{id}/roi → channels[{best.Channel}].roas_mean, roas_q05, roas_q95, marginal_roas"));
        }
        if (channels.Count > 1)
        {
            var worst = channels[^1];
            sentences.Add(new($"{worst.Channel} returned the least: {worst.RoasMean:0.00} per 1.00 (90% interval {worst.RoasQ05:0.00}–{worst.RoasQ95:0.00}).",
                $"GET /api/models/{id}/roi → channels[{worst.Channel}].roas_mean, roas_q05, roas_q95"));
        }
        return sentences;
    }

    public static string Grade(RunGrade grade) => grade switch { RunGrade.Usable => "usable", RunGrade.Directional => "directional", _ => "not usable" };
    private static string Money(double v) => v.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
}
