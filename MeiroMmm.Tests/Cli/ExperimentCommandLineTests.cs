using System.Text.Json;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Cli;

/// <summary>`experiment stats` and `experiment power` through the real executable, checked against the reference figures.</summary>
public sealed class ExperimentCommandLineTests
{
    /// <summary>No database settings: these verbs must not need one.</summary>
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => WebExecutable.RunAsync(null, args);

    private static JsonElement Reference(string name) => ReferenceFiles.Json("experiments/expected.json").GetProperty("results")
        .EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Stats_PrintsTheDocumentedKeys_WithReferenceValues()
    {
        var (code, output, error) = await RunAsync("experiment", "stats", "--n-treatment", "10000", "--conversions-treatment", "560",
            "--n-control", "10000", "--conversions-control", "500");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var c = Reference("typical_positive");
        Assert.Equal(c.GetProperty("diff").GetDouble(), json.GetProperty("abs_uplift").GetDouble(), 1e-15);
        Assert.Equal(c.GetProperty("newcombe_ci_95").GetProperty("lower").GetDouble(), json.GetProperty("abs_ci_low").GetDouble(), 1e-12);
        Assert.Equal(c.GetProperty("wald_ci_95").GetProperty("upper").GetDouble(), json.GetProperty("wald_ci_high").GetDouble(), 1e-12);
        Assert.Equal(c.GetProperty("ratio").GetProperty("katz_ci_95_relative_lift")[0].GetDouble(), json.GetProperty("rel_ci_low").GetDouble(), 1e-12);
        Assert.Equal(c.GetProperty("pooled_z").GetProperty("p_value_two_sided").GetDouble(), json.GetProperty("p_value").GetDouble(), 1e-12);
        Assert.False(json.GetProperty("srm_flag").GetBoolean());
        Assert.False(json.GetProperty("insufficient_data").GetBoolean());
        string[] keys = ["rate_treatment", "rate_control", "abs_uplift", "abs_ci_low", "abs_ci_high", "wald_ci_low", "wald_ci_high",
            "rel_uplift", "rel_ci_low", "rel_ci_high", "p_value", "srm_p_value", "srm_flag", "insufficient_data"];
        Assert.Equal(keys, json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Stats_WithNoConversions_PrintsNullWhereUndefined_AndSrmAtUnequalAllocation()
    {
        var (code, output, error) = await RunAsync("experiment", "stats", "--n-treatment", "100", "--conversions-treatment", "0",
            "--n-control", "100", "--conversions-control", "0", "--treatment-rate", "0.9");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        foreach (var key in new[] { "rel_uplift", "rel_ci_low", "rel_ci_high", "p_value" })
            Assert.Equal(JsonValueKind.Null, json.GetProperty(key).ValueKind);
        var newcombe = Reference("zero_conversions_both").GetProperty("newcombe_ci_95");
        Assert.Equal(newcombe.GetProperty("upper").GetDouble(), json.GetProperty("abs_ci_high").GetDouble(), 1e-12);
        Assert.True(json.GetProperty("srm_flag").GetBoolean());   // 100/100 against a planned 90/10
        Assert.True(json.GetProperty("insufficient_data").GetBoolean());
    }

    [Fact]
    public async Task Power_GivesSampleSizeAndDays_OrTheMdeForAGroupSize()
    {
        var (code, output, error) = await RunAsync("experiment", "power", "--baseline-rate", "0.05", "--mde", "0.01", "--daily-eligible", "2000");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(8158, json.GetProperty("n_treatment").GetInt64());
        Assert.Equal(16316, json.GetProperty("n_total").GetInt64());
        Assert.Equal(9, json.GetProperty("days").GetInt64());
        Assert.Equal("fleiss", json.GetProperty("method").GetString());

        var mde = await RunAsync("experiment", "power", "--baseline-rate", "0.05", "--n-per-group", "8158", "--mde-type", "relative");
        Assert.True(mde.ExitCode == 0, mde.Error);
        var mdeJson = JsonDocument.Parse(mde.Output).RootElement;
        var reference = ReferenceFiles.Json("experiments/expected.json").GetProperty("mde")[0];
        Assert.Equal(reference.GetProperty("mde_relative").GetDouble(), mdeJson.GetProperty("mde").GetDouble(), 1e-9);
        Assert.Equal(reference.GetProperty("mde_absolute").GetDouble(), mdeJson.GetProperty("mde_absolute").GetDouble(), 1e-11);
        Assert.Equal(JsonValueKind.Null, mdeJson.GetProperty("days").ValueKind);
    }

    [Theory]
    [InlineData("--baseline-rate", "1.5", "--baseline-rate: baseline_rate must lie strictly between 0 and 1")]
    [InlineData("--alpha", "abc", "--alpha: 'abc' is not a number")]
    [InlineData("--power", "0.04", "--power: power (0.04) must be greater than alpha (0.05)")]
    [InlineData("--method", "bayes", "--method: 'bayes' is not one of fleiss, cohens_h")]
    public async Task Power_BadValue_Exits2WithOneLineNamingTheOption(string option, string value, string expected)
    {
        var args = new List<string> { "experiment", "power", "--baseline-rate", "0.05", "--mde", "0.01" };
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var (code, _, error) = await RunAsync([.. args]);
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
    }
}
