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
            await MeiroWebApp.Build(args).RunAsync();
            return 0;
        }
        catch (Exception e) when (FindConfigurationError(e) is { } error)
        {
            await Console.Error.WriteLineAsync($"Meiro MMM cannot start: {error.Message}");
            return 1;
        }
    }

    /// <summary>A configuration error may arrive wrapped by DI or the host; find it anywhere in the chain.</summary>
    private static StartupConfigurationException? FindConfigurationError(Exception? e) => e switch
    {
        null => null,
        StartupConfigurationException s => s,
        AggregateException a => a.InnerExceptions.Select(FindConfigurationError).FirstOrDefault(x => x is not null),
        _ => FindConfigurationError(e.InnerException),
    };
}
