using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Cli;

/// <summary>`task dq-run` on the real executable, as the README runs it: twice over the demo, one alert.</summary>
public sealed class DataQualityCommandLineTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string sqlitePath, params string[] args) =>
        WebExecutable.RunAsync(new Dictionary<string, string>
        {
            ["Database__SqlitePath"] = sqlitePath,
            ["DataProtection__KeysPath"] = sqlitePath + ".keys",
        }, args);

    [Fact]
    public async Task DqRun_TwoNights_OnTheDemo_RaisesTheStaleJourneysAlertOnce()
    {
        string db = TestDatabase.NewSqlitePath();
        Assert.Equal(0, (await RunAsync(db, "task", "demo-seed")).ExitCode);
        var list = await RunAsync(db, "task", "list");
        Assert.Matches(@"dq-run\s+0 30 1 \* \* \?", list.Output);

        var first = await RunAsync(db, "task", "dq-run");
        var second = await RunAsync(db, "task", "dq-run");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.StartsWith("dq-run: {", first.Output);
        // The demo's taxonomy passes every default target; its journeys are weeks old, so only "no new journeys" fires.
        Assert.Contains("\"alerts_created\":1,", first.Output);
        Assert.Contains("\"alerts_created\":0,\"alerts_updated\":1,", second.Output);
    }
}
