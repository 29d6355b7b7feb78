using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;

namespace MeiroMmm.Tests.Domain;

public sealed class JsonDiffTests
{
    [Fact]
    public void Diff_NamesEveryChangedAddedAndRemovedPath()
    {
        var before = JsonNode.Parse("""{"name":"a","windows":{"click":30,"view":7},"list":["x"],"defs":[{"k":"p","v":1}],"gone":true}""");
        var after = JsonNode.Parse("""{"name":"a","windows":{"click":14.0,"view":7},"list":["x","y"],"defs":[{"k":"p","v":2},{"k":"q"}],"new":null}""");
        var changes = JsonDiff.Compare(before, after).Select(c => (c.Path, c.Kind, c.Before?.ToJsonString(), c.After?.ToJsonString())).ToList();
        Assert.Equal(
        [
            ("windows.click", "changed", "30", "14.0"),
            ("list", "changed", "[\"x\"]", "[\"x\",\"y\"]"),   // a list of plain values is one value
            ("defs[0].v", "changed", "1", "2"),
            ("defs[1]", "added", null, "{\"k\":\"q\"}"),
            ("new", "added", null, null),
            ("gone", "removed", "true", null),
        ], changes);
    }

    [Fact]
    public void EqualDocuments_HaveNoChanges_AndNumbersCompareByValue()
    {
        Assert.Empty(JsonDiff.Compare(JsonNode.Parse("""{"a":[1,2],"b":{"c":30}}"""), JsonNode.Parse("""{"b":{"c":30.0},"a":[1,2]}""")));
        Assert.Single(JsonDiff.Compare(JsonNode.Parse("""{"a":[1,2]}"""), JsonNode.Parse("""{"a":[2,1]}""")));
    }
}
