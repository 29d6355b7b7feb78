using System.Text.Json;
using MeiroMmm.Tests.Support;

namespace MeiroMmm.Tests.Cli;

/// <summary>`attribution run` through the real executable on PathData, checked against the exact reference.</summary>
public sealed class AttributionCommandLineTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => WebExecutable.RunAsync(null, args);

    [Fact]
    public async Task Run_Markov_WritesTheDocumentedJson_WithExactFigures_AndBadInputExits2()
    {
        string outFile = Path.Combine(Path.GetTempPath(), $"attr-{Guid.NewGuid():N}.json");
        try
        {
            var (code, _, error) = await RunAsync("attribution", "run", "--paths", ReferenceFiles.PathOf("attribution/path_data.csv"), "--model", "markov", "--order", "1", "--out", outFile);
            Assert.True(code == 0, error);
            var json = JsonDocument.Parse(await File.ReadAllTextAsync(outFile, TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal("markov", json.GetProperty("model").GetString());
            Assert.Equal(19785, json.GetProperty("total_conversions").GetDouble());
            var alpha = json.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "alpha");
            Assert.Equal(5344.947682085164, alpha.GetProperty("conversions").GetDouble(), 5344.947682085164 * 1e-9);
            Assert.Equal(0.5583994895077469, json.GetProperty("removal_effects").GetProperty("alpha").GetDouble(), 1e-9);
        }
        finally { File.Delete(outFile); }

        string bad = Path.Combine(Path.GetTempPath(), $"attr-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "path,total_conversions,total_conversion_value,total_null\na > b,1,2,x\n", TestContext.Current.CancellationToken);
        try
        {
            var (code, _, error) = await RunAsync("attribution", "run", "--paths", bad, "--model", "linear", "--out", outFile);
            Assert.Equal(2, code);
            Assert.Contains("row 1, column total_null", error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.False(File.Exists(outFile));
        }
        finally { File.Delete(bad); }
    }
}
