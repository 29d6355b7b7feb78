using System.Diagnostics;

namespace MeiroMmm.Tests.Support;

/// <summary>Runs the real MeiroMmm.Web executable as a process, as the README's commands do, and captures its output.</summary>
public static class WebExecutable
{
    private static readonly string WebDll = Path.Combine(AppContext.BaseDirectory, "MeiroMmm.Web.dll");

    /// <param name="environment">Extra environment variables (settings as Database__SqlitePath and the like).</param>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(environment, TimeSpan.FromSeconds(90), args);

    /// <param name="environment">Extra environment variables (settings as Database__SqlitePath and the like).</param>
    /// <param name="timeout">How long the process may run; past it, it is killed and the wait throws.</param>
    /// <param name="args">The command line after the dll.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(WebDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
