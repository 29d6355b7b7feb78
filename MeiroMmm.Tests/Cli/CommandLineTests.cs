using System.Diagnostics;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Cli;

/// <summary>The real executable, started as a process, the way the README's commands run it.</summary>
public sealed class CommandLineTests
{
    private static readonly string WebDll = Path.Combine(AppContext.BaseDirectory, "MeiroMmm.Web.dll");

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string sqlitePath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(WebDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Database__SqlitePath"] = sqlitePath;
        start.Environment["DataProtection__KeysPath"] = sqlitePath + ".keys";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

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
