using System.Globalization;
using System.Text;

namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>
/// A completed run as one tidy CSV (table, name, date, statistic, value), so a spreadsheet pivot gives any view:
/// channel summaries, parameter summaries (PyMC-Marketing names), contributions over time per component (channels with
/// 90% bands) and the posterior-predictive fit. Values in original units; dates ISO.
/// </summary>
public static class RunCsvExport
{
    public static string Write(FittedRun fit)
    {
        var sb = new StringBuilder("table,name,date,statistic,value\n");
        void Line(string table, string name, DateOnly? date, string statistic, double value) =>
            sb.Append(table).Append(',').Append(Quote(name)).Append(',').Append(date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
              .Append(',').Append(statistic).Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

        foreach (var c in fit.Result.Channels)
        {
            Line("channel_summary", c.Channel, null, "spend", c.Spend);
            Line("channel_summary", c.Channel, null, "contribution_mean", c.ContributionMean);
            Line("channel_summary", c.Channel, null, "contribution_q05", c.ContributionQ05);
            Line("channel_summary", c.Channel, null, "contribution_q95", c.ContributionQ95);
            Line("channel_summary", c.Channel, null, "share_of_kpi", c.ShareMean);
            Line("channel_summary", c.Channel, null, "roas_mean", c.RoasMean);
            Line("channel_summary", c.Channel, null, "roas_q05", c.RoasQ05);
            Line("channel_summary", c.Channel, null, "roas_q95", c.RoasQ95);
            Line("channel_summary", c.Channel, null, "marginal_roas", c.MarginalRoas);
        }
        foreach (var p in fit.Result.Parameters)
        {
            var s = p.Summary;
            Line("parameter", p.Name, null, "mean", s.Mean);
            Line("parameter", p.Name, null, "sd", s.Sd);
            Line("parameter", p.Name, null, "hdi_3%", s.Hdi94Low);
            Line("parameter", p.Name, null, "hdi_97%", s.Hdi94High);
            Line("parameter", p.Name, null, "r_hat", s.Rhat);
            Line("parameter", p.Name, null, "ess_bulk", s.EssBulk);
            Line("parameter", p.Name, null, "ess_tail", s.EssTail);
        }
        var dates = fit.Data.Dates;
        foreach (var component in fit.Components())
            for (int t = 0; t < dates.Count; t++) Line("contribution", component.Name, dates[t], "mean", component.Values[t]);
        foreach (var series in fit.Result.ContributionSeries)
            for (int t = 0; t < dates.Count; t++)
            {
                Line("contribution", series.Channel, dates[t], "q05", series.Q05[t]);
                Line("contribution", series.Channel, dates[t], "q95", series.Q95[t]);
            }
        foreach (var p in fit.Result.Periods)
        {
            Line("fit", fit.Run.Kpi, p.Date, "observed", p.Observed);
            Line("fit", fit.Run.Kpi, p.Date, "predicted_mean", p.PredictedMean);
            Line("fit", fit.Run.Kpi, p.Date, "predicted_q05", p.PredictedQ05);
            Line("fit", fit.Run.Kpi, p.Date, "predicted_q95", p.PredictedQ95);
        }
        return sb.ToString();
    }

    private static string Quote(string text) => text.IndexOfAny([',', '"', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
