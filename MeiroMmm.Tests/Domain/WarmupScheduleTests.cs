using MeiroMmm.Domain.Mmm.Sampling;

namespace MeiroMmm.Tests.Domain;

public sealed class WarmupScheduleTests
{
    private static (List<int> Ends, List<int> Slow) Run(int warmup)
    {
        var schedule = new WarmupSchedule(warmup);
        var ends = new List<int>(); var slow = new List<int>();
        for (int i = 0; i < warmup; i++)
        {
            if (schedule.InSlowWindow) slow.Add(i);
            if (schedule.AtWindowEnd) ends.Add(i);
            schedule.Advance();
        }
        return (ends, slow);
    }

    [Fact]
    public void Warmup1000_HasStansWindows()
    {
        // Stan: 75 fast iterations, slow windows of 25, 50, 100, 200 and 500 (the last stretched to the terminal buffer), 50 fast.
        var (ends, slow) = Run(1000);
        Assert.Equal([99, 149, 249, 449, 949], ends);
        Assert.Equal(75, slow.First());
        Assert.Equal(949, slow.Last());
    }

    [Fact]
    public void ShortWarmup_UsesStansFallbackProportions()
    {
        // 100 < 75 + 25 + 50: 15% initial buffer, 10% terminal buffer, the rest one window.
        var (ends, slow) = Run(100);
        Assert.Equal([89], ends);
        Assert.Equal(15, slow.First());
    }

    [Fact]
    public void VeryShortWarmup_AdaptsTheStepSizeOnly() => Assert.Empty(Run(15).Ends);
}
