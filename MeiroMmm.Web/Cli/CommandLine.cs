using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scheduling;
using MeiroMmm.Web.Hosting;

namespace MeiroMmm.Web.Cli;

/// <summary>
/// The verbs the executable takes before it would start the web host (the seed's alembic and scheduler commands).
/// Each builds a small host with the same configuration as the app, does its work and returns an exit code.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project MeiroMmm.Web -- [command]

          (no command)                                  start the web app (UI, /api, /docs)
          migrate                                       apply database migrations and exit
          apikey create --name <name> --role <role>     create an API key (Admin|Analyst|Viewer); prints it once
          task list                                     list the scheduled tasks
          task <name>                                   run one scheduled task now and exit
          mmm fit --data <csv> --kpi <col> --channels a,b,c [--controls x,y] [--date-column date]
                  [--chains 4 --tune 1000 --draws 1000 --target-accept 0.9 --seed 1] [--init mode|random] [--adaptation laplace|stan|dense] [--seasonality 2]
                  [--lift-tests lift.csv (channel,x,delta_x,delta_y,sigma)] [--trend] [--holdout N]
                  [--adstock geometric|delayed|weibull_cdf|weibull_pdf] [--saturation logistic|hill|hill_sigmoid|michaelis_menten|tanh]
                  [--l-max 8] [--priors "saturation_beta=HalfNormal(1);adstock_alpha[tv_spend]=Beta(3,3)"] --out result.json
                                                        fit the Bayesian MMM (NUTS) and write the result as JSON;
                                                        --quick: posterior mode + Laplace approximation (about a second)
          mmm optimize --result result.json [--budget <total>] [--horizon 13] [--bounds ch=min:max,...] [--lock ch,...]
                  [--risk 0] --out plan.json        the budget split that maximizes expected response over the horizon
          bench mmm [--dataset standard|large] [--runs 3] [--init mode|random] [--adaptation laplace|stan|dense] [--data <csv>]
                                                        time full fits and print wall seconds, min bulk-ESS and ESS/s
          bench mmm-recovery [--generated 3]        fit datasets with known truth; count truth inside 90% intervals
          bench mmm-gradient [--adstock … --saturation …]  µs per gradient as periods and channels grow
          bench load [--seconds 15] [--clients 16] [--reads results,models,experiments] [--batches 3] [--ingest-clients 4] [--runs 20] [--postgres "Host=…"]
                                                        the app on a fresh SQLite file (or PostgreSQL database): read throughput and p50/p95/p99, then
                                                        10,000-exposure batches posted concurrently (lost/duplicated counted)
          bench sessions [--sessions 25] [--hold 10] [--timeout 120] [--chromium /usr/bin/chromium] [--screenshots <dir>]
                                                        N browser sessions sign in and open /mmm while a fit runs: circuits ok,
                                                        ROAS charts drawn, time to first chart p50/p95, server memory
          bench experiment-results [--assignments 1000000] [--runs 3] [--postgres <server connection string>]
                                                        seconds for one experiment's results, series and nightly row
          experiment stats --n-treatment N --conversions-treatment X --n-control N --conversions-control X
                  [--treatment-rate 0.5]                uplift with Newcombe and Wald CIs, relative uplift, p-value,
                                                        SRM check and insufficient_data of a holdout test, as JSON
          experiment power --baseline-rate 0.05 (--mde 0.01 [--mde-type absolute|relative] | --n-per-group N)
                  [--alpha 0.05] [--power 0.8] [--treatment-rate 0.5] [--daily-eligible 2000] [--method fleiss|cohens_h]
                                                        group sizes and days for an MDE, or the MDE for a group size

          attribution run --paths <csv: path,total_conversions,total_conversion_value,total_null>
                  --model first_touch|last_touch|linear|time_decay|position_based|markov|shapley
                  [--order 1] [--half-life 7] [--first-share 0.4 --last-share 0.4] --out result.json
                                                        attribute conversions and value to channels; writes JSON
          bench attribution [--paths <csv>] [--runs 3]  seconds for all heuristics, Markov order 1 and 3; peak memory
          bench ingest --journeys <jsonl|json|csv> [--runs 3] [--no-sqlite] [--postgres <connection string>]
                                                        journeys/s parsed + validated in memory, then end to end into SQLite

        Settings can follow any command as --Key=Value, e.g. --Database:Provider=Postgres.
        """;

    private static readonly string[] Verbs = ["migrate", "apikey", "task", "mmm", "bench", "experiment", "attribution", "help", "--help", "-h"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        if (args[0] is "mmm" or "bench" or "experiment" or "attribution") return await RunComputeVerbAsync(args, output, error);
        var (options, settings) = Split(args.Skip(1));
        using var host = BuildHost(settings);
        var services = host.Services;
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var ct = cts.Token;

        switch (args[0])
        {
            case "migrate":
                await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
                var db = services.GetRequiredService<DatabaseSettings>();
                await output.WriteLineAsync($"Database is up to date ({db.Provider}, {db.Target()}).");
                return 0;

            case "apikey" when options.FirstOrDefault() == "create":
                return await CreateApiKeyAsync(services, options, output, error, ct);

            case "task" when options.Count == 1 && options[0] == "list":
                foreach (var t in services.GetServices<IScheduledTask>().OrderBy(t => t.Name))
                    await output.WriteLineAsync($"{t.Name,-24} {t.DefaultCron ?? "on demand",-20} {t.Description}");
                return 0;

            case "task" when options.Count == 1:
                var task = services.GetServices<IScheduledTask>().SingleOrDefault(t => t.Name == options[0]);
                if (task is null)
                {
                    await error.WriteLineAsync($"No task named '{options[0]}'. Known tasks: {string.Join(", ", services.GetServices<IScheduledTask>().Select(t => t.Name))}.");
                    return 2;
                }
                await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
                try
                {
                    await output.WriteLineAsync($"{task.Name}: {await task.RunAsync(ct)}");
                    return 0;
                }
                catch (ScheduledTaskFailedException e)
                {
                    await output.WriteLineAsync($"{task.Name}: {e.Report}");
                    await error.WriteLineAsync($"{task.Name} failed: {e.Message}");
                    return 1;
                }

            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>The statistical verbs need no database or host: they read files and write files.</summary>
    private static async Task<int> RunComputeVerbAsync(string[] args, TextWriter output, TextWriter error)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        string verb = $"{args[0]} {args.ElementAtOrDefault(1)}";
        try
        {
            return verb switch
            {
                "mmm fit" => await MmmCommands.FitAsync(args[2..], output, error, cts.Token),
                "mmm optimize" => await MmmCommands.OptimizeAsync(args[2..], output, cts.Token),
                "bench mmm" => await BenchCommands.MmmAsync(args[2..], output, error, cts.Token),
                "bench mmm-recovery" => await BenchCommands.RecoveryAsync(args[2..], output, cts.Token),
                "bench mmm-gradient" => await BenchCommands.GradientAsync(args[2..], output, cts.Token),
                "bench load" => await LoadBench.RunAsync(args[2..], output, cts.Token),
                "bench sessions" => await SessionsBench.RunAsync(args[2..], output, cts.Token),
                "bench experiment-results" => await ExperimentResultsBench.RunAsync(args[2..], output, cts.Token),
                "experiment stats" => await ExperimentCommands.StatsAsync(args[2..], output),
                "attribution run" => await AttributionCommands.RunAsync(args[2..], output, cts.Token),
                "bench attribution" => await AttributionCommands.BenchAsync(args[2..], output, cts.Token),
                "bench ingest" => await AttributionCommands.BenchIngestAsync(args[2..], output, cts.Token),
                "experiment power" => await ExperimentCommands.PowerAsync(args[2..], output),
                _ => throw new CliUsageException($"unknown command '{verb.Trim()}'."),
            };
        }
        catch (CliUsageException e)
        {
            await error.WriteLineAsync($"{verb.Trim()}: {e.Message}");
            await error.WriteLineAsync(Usage);
            return 2;
        }
        catch (CliValueException e)
        {
            await error.WriteLineAsync($"{verb.Trim()}: {e.Message}");
            return 2;
        }
        catch (Domain.Mmm.Model.MmmDataException e)
        {
            await error.WriteLineAsync($"{verb.Trim()}: bad input data: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{verb.Trim()}: cancelled; nothing was written.");
            return 130;
        }
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, IReadOnlyList<string> options, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string? name = OptionValue(options, "--name"), role = OptionValue(options, "--role");
        if (name is null || role is null)
        {
            await error.WriteLineAsync("apikey create needs --name <name> and --role <Admin|Analyst|Viewer>.");
            return 2;
        }
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var (created, errors) = await services.GetRequiredService<ApiKeyService>().CreateAsync(name, role, "cli", ct);
        if (created is null)
        {
            foreach (var e in errors) await error.WriteLineAsync($"--{e.Field}: {e.Message}");
            return 2;
        }
        await output.WriteLineAsync($"Created API key '{created.Key.Name}' (role {created.Key.Role}, id {created.Key.Id}). It is shown only this once:");
        await output.WriteLineAsync(created.Secret);
        return 0;
    }

    private static string? OptionValue(IReadOnlyList<string> options, string name)
    {
        int i = options.ToList().IndexOf(name);
        return i >= 0 && i + 1 < options.Count ? options[i + 1] : null;
    }

    /// <summary>Separates the verb's own words from --Key=Value settings, which go to configuration.</summary>
    private static (List<string> Options, string[] Settings) Split(IEnumerable<string> rest)
    {
        var options = new List<string>();
        var settings = new List<string>();
        foreach (var a in rest)
            (a.StartsWith("--") && a.Contains('=') ? settings : options).Add(a);
        return (options, [.. settings]);
    }

    private static IHost BuildHost(string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMeiroCore(builder.Configuration, builder.Environment.ContentRootPath);
        return builder.Build();
    }
}
