using System.Collections.Concurrent;
using MeiroMmm.Infrastructure.Scheduling;
using MeiroMmm.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.ScaleOut;

/// <summary>
/// One app instance of a cluster on a shared PostgreSQL database: scheduling on (clustered Quartz), short fit leases so a
/// dead instance's fit is taken back within seconds, and a test-only task that fires every two seconds.
/// </summary>
public sealed class ClusterNode : MeiroAppFactory
{
    public string Name { get; }
    /// <summary>The shared database's name: tells this cluster's task runs from those of clusters other tests run at the same time.</summary>
    public string Cluster { get; }

    public ClusterNode(string name, string connectionString, bool seedDemo, double leaseSeconds = 3)
    {
        Name = name;
        Cluster = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database ?? "";
        Settings["Database:Provider"] = "Postgres";
        Settings["ConnectionStrings:Meiro"] = connectionString;
        Settings["Demo:Seed"] = seedDemo ? "true" : "false";
        Settings["Scheduling:Enabled"] = "true";
        Settings["Scheduling:ClusterCheckinSeconds"] = "1";
        Settings["Scheduling:ClusterCheckinMisfireSeconds"] = "3";
        Settings["Mmm:FitLeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Mmm:FitHeartbeatSeconds"] = "0.5";
        Settings["Mmm:FitPollSeconds"] = "0.2";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IScheduledTask>(new TickTask(Cluster, Name)));
    }
}

/// <summary>Records every run with the instance that ran it. Fires every 2 s on a cluster: each firing must run once.</summary>
public sealed class TickTask(string cluster, string node) : IScheduledTask
{
    public static readonly ConcurrentQueue<(string Cluster, string Node, DateTimeOffset At)> Runs = new();
    public string Name => "scale-out-tick";
    public string Description => "Test only: records that it ran.";
    public string? DefaultCron => "0/2 * * * * ?";

    public Task<string> RunAsync(CancellationToken ct)
    {
        Runs.Enqueue((cluster, node, DateTimeOffset.UtcNow));
        return Task.FromResult("tick");
    }
}
