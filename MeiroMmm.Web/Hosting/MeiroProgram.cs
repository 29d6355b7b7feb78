using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Web.Cli;

namespace MeiroMmm.Web.Hosting;

/// <summary>Dispatches the command line: a CLI verb, or the web app. Bad configuration ends in one line, exit code 1.</summary>
public static class MeiroProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (CommandLine.IsVerb(args)) return await CommandLine.RunAsync(args, Console.Out, Console.Error);
            if (args.Length > 0 && !args[0].StartsWith('-'))
            {
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.");
                await Console.Error.WriteLineAsync(CommandLine.Usage);
                return 2;
            }
            var app = MeiroWebApp.Build(args);
            await MeiroWebApp.PrepareAsync(app, CancellationToken.None);
            await app.RunAsync();
            return 0;
        }
        catch (StartupConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"Meiro MMM cannot start: {e.Message}");
            return 1;
        }
    }
}
