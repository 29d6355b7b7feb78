using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Cli;

/// <summary>The real executable, started as a process, the way the README's commands run it.</summary>
public sealed class CommandLineTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string sqlitePath, params string[] args) =>
        WebExecutable.RunAsync(new Dictionary<string, string>
        {
            ["Database__SqlitePath"] = sqlitePath,
            ["DataProtection__KeysPath"] = sqlitePath + ".keys",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }, args);

    [Fact]
    public async Task UnknownVerb_PrintsUsageAndExits2()
    {
        var (code, _, error) = await RunAsync(TestDatabase.NewSqlitePath(), "frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("Unknown command 'frobnicate'", error);
        Assert.Contains("apikey create --name <name> --role <role>", error);
    }

    [Fact]
    public async Task Migrate_ThenApiKeyCreate_PrintsTheKeyOnce()
    {
        string db = TestDatabase.NewSqlitePath();
        var migrate = await RunAsync(db, "migrate");
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("Database is up to date (Sqlite", migrate.Output);
        Assert.True(File.Exists(db));

        var created = await RunAsync(db, "apikey", "create", "--name", "loader", "--role", "Analyst");
        Assert.Equal(0, created.ExitCode);
        Assert.Matches(@"(?m)^mmk_[A-Za-z0-9_-]{40,}$", created.Output);

        var badRole = await RunAsync(db, "apikey", "create", "--name", "x", "--role", "Owner");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("--role: 'Owner' is not a role", badRole.Error);
    }

    [Fact]
    public async Task TaskVerb_RunsTheDemoSeedTask_AndRejectsUnknownTasks()
    {
        string db = TestDatabase.NewSqlitePath();
        var list = await RunAsync(db, "task", "list");
        Assert.Contains("demo-seed", list.Output);
        var run = await RunAsync(db, "task", "demo-seed");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("demo-seed: demo workspace added", run.Output);
        var unknown = await RunAsync(db, "task", "nightly-nonsense");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No task named 'nightly-nonsense'", unknown.Error);
    }

    [Fact]
    public async Task TaskVerb_RunsCdpSync_WithNoConnectionConfigured()
    {
        var run = await RunAsync(TestDatabase.NewSqlitePath(), "task", "cdp-sync");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("No CDP connection is configured.", run.Output);
    }

    [Fact]
    public async Task MmmFit_WritesTheResultJson_WithTheDocumentedKeys()
    {
        string output = Path.Combine(Path.GetTempPath(), $"meiro-fit-{Guid.NewGuid():N}.json");
        var (code, stdout, error) = await RunAsync(TestDatabase.NewSqlitePath(), "mmm", "fit", "--data", ReferenceFiles.PathOf("stan/standard.csv"),
            "--kpi", "sales", "--channels", "tv_spend,search_spend,social_spend,display_spend,email_spend", "--controls", "price_index,holiday",
            "--chains", "2", "--tune", "150", "--draws", "100", "--seed", "3", "--quiet", "--out", output);
        Assert.True(code == 0, error);
        Assert.Contains("Fitted 5 channels on 156 periods", stdout);
        var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken)).RootElement;
        foreach (var key in new[] { "rhat_max", "ess_bulk_min", "ess_tail_min", "divergences", "treedepth_hits", "gradient_evaluations", "sampling_seconds", "warmup_seconds", "total_seconds" })
            Assert.True(json.GetProperty("diagnostics").TryGetProperty(key, out _), key);
        var parameter = json.GetProperty("parameters")[0];
        foreach (var key in new[] { "name", "mean", "sd", "q05", "q95", "hdi94_low", "hdi94_high", "rhat", "ess_bulk", "ess_tail" })
            Assert.True(parameter.TryGetProperty(key, out _), key);
        Assert.Equal("intercept", parameter.GetProperty("name").GetString());
        var channel = json.GetProperty("channels")[0];
        foreach (var key in new[] { "channel", "spend", "contribution_mean", "contribution_q05", "contribution_q95", "share_mean", "roas_mean", "roas_q05", "roas_q95", "marginal_roas" })
            Assert.True(channel.TryGetProperty(key, out _), key);
        foreach (var key in new[] { "r2", "mape", "nrmse" }) Assert.True(json.GetProperty("fit").TryGetProperty(key, out _), key);
        File.Delete(output);
    }

    [Fact]
    public async Task MmmFit_WithOtherShapes_NamesTheirParameters_AndOptimizeReadsThem()
    {
        string fit = Path.Combine(Path.GetTempPath(), $"meiro-shapes-{Guid.NewGuid():N}.json");
        string plan = fit + ".plan.json";
        var (code, _, error) = await RunAsync(TestDatabase.NewSqlitePath(), "mmm", "fit", "--data", ReferenceFiles.PathOf("stan/standard.csv"),
            "--kpi", "sales", "--channels", "tv_spend,search_spend", "--controls", "price_index", "--adstock", "weibull_cdf", "--saturation", "hill",
            "--l-max", "6", "--quick", "--out", fit);
        Assert.True(code == 0, error);
        var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(fit, TestContext.Current.CancellationToken)).RootElement;
        var names = json.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("adstock_lam[tv_spend]", names);
        Assert.Contains("adstock_k[search_spend]", names);
        Assert.Contains("saturation_kappa[tv_spend]", names);
        Assert.DoesNotContain("adstock_alpha[tv_spend]", names);
        Assert.Equal("weibull_cdf", json.GetProperty("model").GetProperty("adstock").GetString());
        Assert.Equal("hill", json.GetProperty("model").GetProperty("saturation").GetString());

        var optimized = await RunAsync(TestDatabase.NewSqlitePath(), "mmm", "optimize", "--result", fit, "--horizon", "8", "--out", plan);
        Assert.True(optimized.ExitCode == 0, optimized.Error);
        var allocation = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(plan, TestContext.Current.CancellationToken)).RootElement.GetProperty("allocation");
        Assert.Equal(2, allocation.GetArrayLength());

        var unknown = await RunAsync(TestDatabase.NewSqlitePath(), "mmm", "fit", "--data", ReferenceFiles.PathOf("stan/standard.csv"),
            "--kpi", "sales", "--channels", "tv_spend", "--saturation", "sigmoid", "--quick", "--out", fit + ".x");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--saturation: 'sigmoid' is not one of logistic, hill, hill_sigmoid, michaelis_menten, tanh", unknown.Error);
        File.Delete(fit); File.Delete(plan);
    }

    [Fact]
    public async Task MmmFit_WithBadData_ExitsNonZeroNamingColumnAndRow_AndWritesNothing()
    {
        string csv = Path.Combine(Path.GetTempPath(), $"meiro-bad-{Guid.NewGuid():N}.csv");
        var lines = (await File.ReadAllLinesAsync(ReferenceFiles.PathOf("stan/standard.csv"), TestContext.Current.CancellationToken)).ToList();
        var cells = lines[6].Split(',');
        cells[2] = "-50";   // tv_spend of the 6th data row
        lines[6] = string.Join(',', cells);
        await File.WriteAllLinesAsync(csv, lines, TestContext.Current.CancellationToken);
        string output = csv + ".json";
        var (code, _, error) = await RunAsync(TestDatabase.NewSqlitePath(), "mmm", "fit", "--data", csv, "--kpi", "sales",
            "--channels", "tv_spend,search_spend,radio_spend", "--out", output);
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("column 'tv_spend', row 6: negative spend -50", line);
        Assert.Contains("column 'radio_spend': spend column not found", line);
        Assert.False(File.Exists(output));
        File.Delete(csv);
    }

    [Theory]
    [InlineData("--Database:Provider=Oracle", "Meiro MMM cannot start: Database:Provider 'Oracle' is not supported")]
    [InlineData("--Database:Provider=Postgres", "Meiro MMM cannot start: ConnectionStrings:Meiro is required when Database:Provider is Postgres.")]
    [InlineData("--ConnectionStrings:Meiro=Host=127.0.0.1;Port=1;Timeout=2", "Meiro MMM cannot start: ConnectionStrings:Meiro: cannot open the Postgres database at 127.0.0.1:1")]
    [InlineData("--ConnectionStrings:Meiro=not a connection string", "Meiro MMM cannot start: ConnectionStrings:Meiro is not a valid Postgres connection string")]
    [InlineData("--Auth:Mode=Kerberos", "Meiro MMM cannot start: Auth:Mode 'Kerberos' is not supported")]
    public async Task BadConfiguration_StopsStartUpWithOneLineNamingTheSetting(string setting, string expected)
    {
        string[] args = setting.StartsWith("--ConnectionStrings") ? ["--Database:Provider=Postgres", setting] : [setting];
        var (code, _, error) = await RunAsync(TestDatabase.NewSqlitePath(), args);
        Assert.Equal(1, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith(expected, lines[0]);
    }
}
