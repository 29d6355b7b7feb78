namespace MeiroMmm.Tests.Support;

/// <summary>A clock the test moves by hand: "two nightly runs" become two settings of <see cref="Now"/>.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
