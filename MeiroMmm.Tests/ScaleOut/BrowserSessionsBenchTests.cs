using System.Globalization;
using System.Text.RegularExpressions;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.ScaleOut;

/// <summary>
/// The short form of `bench sessions` (the 25-session figures are in docs/BENCHMARKS.md): the real executable starts the
/// app and a headless Chromium, 5 browser contexts sign in at once and open the MMM results page while a NUTS fit
/// samples; every circuit must stay live and every ROAS chart must draw. It loads both cores for about half a minute,
/// so it runs alone, after the parallel classes.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class BrowserSessionsBenchTests
{
    [Fact]
    public async Task FiveSessions_WhileAFitRuns_AllDrawTheirChart_WithoutACircuitError()
    {
        var (exitCode, output, error) = await WebExecutable.RunAsync(null, TimeSpan.FromMinutes(6),
            "bench", "sessions", "--sessions", "5", "--hold", "5", "--timeout", "150");
        TestContext.Current.SendDiagnosticMessage(output);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Contains("circuits ok             5 of 5", output);
        Assert.Contains("ROAS charts drawn       5 of 5", output);
        Assert.Contains("fit progress live       5 of 5", output);
        Assert.Contains("fit running throughout  yes", output);
        var chart = FirstChartLine().Match(output);
        Assert.True(chart.Success, output);
        double p50 = double.Parse(chart.Groups[1].Value, CultureInfo.InvariantCulture), p95 = double.Parse(chart.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(p50, 1, p95);   // measured, ordered: a sign-in and a chart take some time
    }

    [GeneratedRegex(@"time to first chart\s+p50\s+(\d+) ms\s+p95\s+(\d+) ms")]
    private static partial Regex FirstChartLine();
}
