using System.Text.Json;
using MeiroMmm.Domain.Mmm;
using MeiroMmm.Domain.Mmm.Model;
using MeiroMmm.Infrastructure.Mmm;

namespace MeiroMmm.Tests.Support;

/// <summary>Reference files copied into MeiroMmm.Tests/Reference (each folder's SOURCE.md says where they come from).</summary>
public static class ReferenceFiles
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Reference", relative);

    public static JsonElement Json(string relative) => JsonDocument.Parse(File.ReadAllText(PathOf(relative))).RootElement;

    public static readonly string[] StandardChannels = ["tv_spend", "search_spend", "social_spend", "display_spend", "email_spend"];

    public static MmmModelSpec StandardSpec { get; } = new("sales", StandardChannels, ["price_index", "holiday"]);

    /// <summary>reference/stan/data/standard.csv through the product's own CSV reader.</summary>
    public static MmmWideData StandardData()
    {
        using var reader = new StreamReader(PathOf("stan/standard.csv"));
        var table = WideCsvReader.Read(reader, "date");
        Assert.Empty(table.Problems);
        return table.ToWideData(StandardSpec);
    }
}
