using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MeiroMmm.Domain.Mmm.Diagnostics;

namespace MeiroMmm.Tests.Domain;

public sealed class ConvergenceDiagnosticsTests
{
    // The reference is R posterior 1.4.0 on fixed draw sets (Reference/diagnostics/SOURCE.md). 1e-6 relative is the
    // contract; the port agrees far more closely, so a real regression shows up as a large miss.
    private const double RelativeTolerance = 1e-6;
    private const double AbsoluteTolerance = 1e-9;   // for values at or near zero, e.g. sd of constant draws

    private static readonly string[] CaseNames =
    [
        "iid_normal", "ar1_rho_0.9", "ar1_rho_0.99", "shifted_chain", "cauchy", "odd_length_333",
        "one_chain_constant", "all_constant",
    ];

    private static readonly string[] Quantities =
    [
        "rhat", "rhat_bulk_component", "rhat_tail_component", "rhat_basic_split",
        "ess_bulk", "ess_tail", "ess_mean", "ess_basic_split", "ess_sd", "ess_quantile_05", "ess_quantile_95",
        "mcse_mean", "mcse_sd", "mcse_quantile_05", "mcse_quantile_95",
        "q05", "q95", "mean", "sd",
    ];

    private static readonly ConcurrentDictionary<string, double[][]> DrawCache = new();
    private static readonly Lazy<JsonDocument> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(ReferencePath("expected.json"))));

    public static TheoryData<string, string> CaseQuantities
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var caseName in CaseNames)
                foreach (var quantity in Quantities) data.Add(caseName, quantity);
            return data;
        }
    }

    public static TheoryData<string> Cases => new(CaseNames);

    [Theory]
    [MemberData(nameof(CaseQuantities))]
    public void Quantity_MatchesPosterior(string caseName, string quantity) =>
        AssertMatches(ExpectedValue(caseName, quantity), Compute(quantity, Draws(caseName)), $"{caseName} {quantity}");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Summarize_MatchesPosteriorColumns(string caseName)
    {
        var draws = Draws(caseName);
        var summary = ConvergenceDiagnostics.Summarize(draws);
        AssertMatches(ExpectedValue(caseName, "mean"), summary.Mean, "mean");
        AssertMatches(ExpectedValue(caseName, "sd"), summary.Sd, "sd");
        AssertMatches(ExpectedValue(caseName, "q05"), summary.Q05, "q05");
        AssertMatches(ExpectedValue(caseName, "q95"), summary.Q95, "q95");
        AssertMatches(ExpectedValue(caseName, "rhat"), summary.Rhat, "rhat");
        AssertMatches(ExpectedValue(caseName, "ess_bulk"), summary.EssBulk, "ess_bulk");
        AssertMatches(ExpectedValue(caseName, "ess_tail"), summary.EssTail, "ess_tail");
        AssertMatches(ExpectedValue(caseName, "mcse_mean"), summary.McseMean, "mcse_mean");
        AssertMatches(ExpectedValue(caseName, "mcse_sd"), summary.McseSd, "mcse_sd");
        Assert.Equal(ConvergenceDiagnostics.Hdi(draws, ConvergenceDiagnostics.HdiProbability), (summary.Hdi94Low, summary.Hdi94High));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hdi_HoldsAtLeast94PercentOfDraws(string caseName)
    {
        var pooled = Draws(caseName).SelectMany(c => c).ToArray();
        var (low, high) = ConvergenceDiagnostics.Hdi(Draws(caseName), 0.94);
        int inside = pooled.Count(v => v >= low && v <= high);
        Assert.True(inside >= Math.Floor(0.94 * pooled.Length) + 1, $"{inside} of {pooled.Length} inside [{low}, {high}]");
        // The central 95% interval spans more than floor(0.94·S) order statistics, so the narrowest such span is no wider.
        double central = ConvergenceDiagnostics.Quantile(Draws(caseName), 0.975) - ConvergenceDiagnostics.Quantile(Draws(caseName), 0.025);
        Assert.True(high - low <= central, $"HDI width {high - low} exceeds the central 95% width {central}");
    }

    [Fact]
    public void Quantile_TinyDraws_InterpolatesLikeRType7()
    {
        double[][] draws = [[3, 1], [4, 2]];   // pooled and sorted: 1 2 3 4, so quantile p sits at position 1 + 3p
        Assert.Equal(1.0, ConvergenceDiagnostics.Quantile(draws, 0), 1e-15);
        Assert.Equal(1.15, ConvergenceDiagnostics.Quantile(draws, 0.05), 1e-14);
        Assert.Equal(2.5, ConvergenceDiagnostics.Quantile(draws, 0.5), 1e-15);
        Assert.Equal(3.85, ConvergenceDiagnostics.Quantile(draws, 0.95), 1e-14);
        Assert.Equal(4.0, ConvergenceDiagnostics.Quantile(draws, 1), 1e-15);
    }

    [Fact]
    public void Hdi_TinyDraws_PicksNarrowestSpan()
    {
        // Sorted: 0 4 5 5.5 6 6.2 7 10 11 12. prob 0.5 → floor(5) = 5 draws apart:
        // s[5]-s[0] = 6.2, s[6]-s[1] = 3, s[7]-s[2] = 5, s[8]-s[3] = 5.5, s[9]-s[4] = 6 → [4, 7].
        double[][] draws = [[12, 0, 5.5, 7, 4], [6, 10, 6.2, 11, 5]];
        Assert.Equal((4.0, 7.0), ConvergenceDiagnostics.Hdi(draws, 0.5));
    }

    [Fact]
    public void Hdi_EqualWidths_TakesTheLowestLikeArgmin()
    {
        double[][] draws = [[1, 2, 3, 4]];   // prob 0.5: spans [1, 3] and [2, 4] are both 2 wide
        Assert.Equal((1.0, 3.0), ConvergenceDiagnostics.Hdi(draws, 0.5));
    }

    [Fact]
    public void RhatBasicSplit_OddLength_DropsTheMiddleDraw()
    {
        // Halves [1, 2] and [3, 4]; the 100 in the middle must not count. Means 1.5 and 3.5: B = 2·var = 4,
        // W = mean(0.5, 0.5) = 0.5, R-hat = sqrt((4/0.5 + 2 − 1)/2) = sqrt(4.5).
        double[][] draws = [[1, 2, 100, 3, 4]];
        Assert.Equal(Math.Sqrt(4.5), ConvergenceDiagnostics.RhatBasicSplit(draws), 1e-14);
    }

    [Fact]
    public void Diagnostics_InfiniteDraw_RankBasedStayFiniteOthersAreNaN()
    {
        // As in posterior: R-hat and bulk ESS see only ranks, so +∞ is just the largest draw; diagnostics on the raw
        // values (ESS of the mean, quantile ESS and MCSE) return NA.
        var draws = Draws("iid_normal").Select(c => (double[])c.Clone()).ToArray();
        draws[2][17] = double.PositiveInfinity;
        Assert.True(double.IsFinite(ConvergenceDiagnostics.Rhat(draws)));
        Assert.True(double.IsFinite(ConvergenceDiagnostics.EssBulk(draws)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.EssMean(draws)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.EssTail(draws)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.McseQuantile(draws, 0.05)));
    }

    [Fact]
    public void Summarize_NaNDraw_GivesNaNNotAnException()
    {
        var draws = Draws("iid_normal").Select(c => (double[])c.Clone()).ToArray();
        draws[2][17] = double.NaN;
        var summary = ConvergenceDiagnostics.Summarize(draws);
        Assert.All(new[] { summary.Mean, summary.Sd, summary.Q05, summary.Q95, summary.Rhat, summary.EssBulk, summary.EssTail,
                           summary.McseMean, summary.McseSd, summary.Hdi94Low, summary.Hdi94High },
                   v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Draws_RaggedChains_ThrowNamingTheArgument()
    {
        var ex = Assert.Throws<ArgumentException>(() => ConvergenceDiagnostics.Rhat([[1.0, 2.0, 3.0], [1.0, 2.0]]));
        Assert.Equal("chains", ex.ParamName);
    }

    private static double Compute(string quantity, double[][] draws) => quantity switch
    {
        "rhat" => ConvergenceDiagnostics.Rhat(draws),
        "rhat_bulk_component" => ConvergenceDiagnostics.RhatBulk(draws),
        "rhat_tail_component" => ConvergenceDiagnostics.RhatTail(draws),
        "rhat_basic_split" => ConvergenceDiagnostics.RhatBasicSplit(draws),
        "ess_bulk" => ConvergenceDiagnostics.EssBulk(draws),
        "ess_tail" => ConvergenceDiagnostics.EssTail(draws),
        "ess_mean" or "ess_basic_split" => ConvergenceDiagnostics.EssMean(draws),
        "ess_sd" => ConvergenceDiagnostics.EssSd(draws),
        "ess_quantile_05" => ConvergenceDiagnostics.EssQuantile(draws, 0.05),
        "ess_quantile_95" => ConvergenceDiagnostics.EssQuantile(draws, 0.95),
        "mcse_mean" => ConvergenceDiagnostics.McseMean(draws),
        "mcse_sd" => ConvergenceDiagnostics.McseSd(draws),
        "mcse_quantile_05" => ConvergenceDiagnostics.McseQuantile(draws, 0.05),
        "mcse_quantile_95" => ConvergenceDiagnostics.McseQuantile(draws, 0.95),
        "q05" => ConvergenceDiagnostics.Quantile(draws, 0.05),
        "q95" => ConvergenceDiagnostics.Quantile(draws, 0.95),
        "mean" => ConvergenceDiagnostics.Summarize(draws).Mean,
        "sd" => ConvergenceDiagnostics.Summarize(draws).Sd,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Not a reference quantity."),
    };

    /// <summary>null where expected.json has null (posterior's NA), which the engine must report as NaN.</summary>
    private static double? ExpectedValue(string caseName, string quantity)
    {
        var value = Expected.Value.RootElement.GetProperty("cases").GetProperty(caseName).GetProperty("posterior").GetProperty(quantity);
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

    private static void AssertMatches(double? expected, double actual, string what)
    {
        if (expected is not double e)
        {
            Assert.True(double.IsNaN(actual), $"{what}: posterior gives NA, engine gives {actual:R}");
            return;
        }
        double tolerance = Math.Max(AbsoluteTolerance, RelativeTolerance * Math.Abs(e));
        Assert.True(Math.Abs(actual - e) <= tolerance, $"{what}: posterior {e:R}, engine {actual:R}, difference {actual - e:E3}");
    }

    /// <summary>draws[chain][draw] from a chain,draw,value CSV (chains and draws numbered from 1).</summary>
    private static double[][] Draws(string caseName) => DrawCache.GetOrAdd(caseName, name =>
    {
        var rows = File.ReadLines(ReferencePath(name + ".csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (Chain: int.Parse(f[0], CultureInfo.InvariantCulture), Draw: int.Parse(f[1], CultureInfo.InvariantCulture),
                          Value: double.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        int chains = rows.Max(r => r.Chain), length = rows.Max(r => r.Draw);
        var draws = new double[chains][];
        for (int c = 0; c < chains; c++) draws[c] = new double[length];
        foreach (var row in rows) draws[row.Chain - 1][row.Draw - 1] = row.Value;
        return draws;
    });

    private static string ReferencePath(string file) => Path.Combine(AppContext.BaseDirectory, "Reference", "diagnostics", file);
}
