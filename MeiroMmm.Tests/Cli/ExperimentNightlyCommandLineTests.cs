using System.Text.Json;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Cli;

/// <summary>`task nightly-report` on the real executable over the demo workspace, as the experiments guide runs it.</summary>
public sealed class ExperimentNightlyCommandLineTests
{
    [Fact]
    public async Task NightlyReport_OnTheDemo_PrintsTheReportAndExitsZero()
    {
        string db = TestDatabase.NewSqlitePath();
        var env = new Dictionary<string, string> { ["Database__SqlitePath"] = db, ["DataProtection__KeysPath"] = db + ".keys" };
        Assert.Equal(0, (await WebExecutable.RunAsync(env, ["task", "demo-seed"])).ExitCode);

        var run = await WebExecutable.RunAsync(env, ["task", "nightly-report"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("nightly-report: {", run.Output);
        var report = JsonDocument.Parse(run.Output.Split('\n')[0]["nightly-report: ".Length..]).RootElement;
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd"), report.GetProperty("day").GetString());
        // The demo's experiment is completed, so tonight there is nothing running to report on.
        Assert.Equal(JsonValueKind.Array, report.GetProperty("experiments").ValueKind);
        Assert.DoesNotContain(report.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("key").GetString() == "demo-email-holdout");
    }
}
