using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace MeiroMmm.Domain.Experiments.Demo;

public sealed record DemoAssignment(string ProfileId, ExperimentGroup Group, DateTimeOffset AssignedAt);
public sealed record DemoExposure(string ProfileId, DateTimeOffset ExposedAt);
public sealed record DemoOutcome(string ProfileId, DateTimeOffset ConvertedAt, double Value);

public sealed record DemoExperiment(
    string Key, string Name, string Channel, double TreatmentRate, string Salt,
    DateTimeOffset StartAt, DateTimeOffset EndAt,
    IReadOnlyList<DemoAssignment> Assignments, IReadOnlyList<DemoExposure> Exposures, IReadOnlyList<DemoOutcome> Outcomes,
    double TrueControlRate, double TrueTreatmentRate);

/// <summary>
/// The demo workspace's e-mail holdout: profiles assigned by <see cref="DeterministicAssigner"/>, most treated profiles
/// exposed, and conversions drawn with a known uplift for exposed profiles, so the experiment's statistics have a truth.
/// </summary>
public sealed class DemoExperimentGenerator
{
    public const int DefaultSeed = 20260303;
    private const double ControlConversionRate = 0.05, ExposedConversionRate = 0.065, ExposureRate = 0.85;

    public DemoExperiment Generate(int profileCount = 6000, int seed = DefaultSeed)
    {
        const string key = "demo-email-holdout";
        const string salt = "demo-salt-1";
        const double treatmentRate = 0.9;
        var startAt = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var endAt = startAt.AddDays(28);
        var rng = new MersenneTwister(seed);

        var assignments = new List<DemoAssignment>(profileCount);
        var exposures = new List<DemoExposure>();
        var outcomes = new List<DemoOutcome>();
        for (int i = 0; i < profileCount; i++)
        {
            string profile = $"demo-profile-{i + 1:D5}";
            var group = DeterministicAssigner.Assign(profile, key, salt, treatmentRate);
            var assignedAt = startAt.AddMinutes(rng.Next(0, 7 * 24 * 60));
            assignments.Add(new DemoAssignment(profile, group, assignedAt));

            bool exposed = group == ExperimentGroup.Treatment && rng.NextDouble() < ExposureRate;
            if (exposed) exposures.Add(new DemoExposure(profile, assignedAt.AddHours(rng.Next(1, 48))));
            double rate = exposed ? ExposedConversionRate : ControlConversionRate;
            if (rng.NextDouble() < rate)
                outcomes.Add(new DemoOutcome(profile, assignedAt.AddDays(1 + rng.Next(0, 20)), Math.Round(LogNormal.Sample(rng, Math.Log(60), 0.5), 2)));
        }
        return new DemoExperiment(key, "E-mail holdout (demo)", "email", treatmentRate, salt, startAt, endAt,
            assignments, exposures, outcomes, ControlConversionRate, ExposedConversionRate);
    }
}
