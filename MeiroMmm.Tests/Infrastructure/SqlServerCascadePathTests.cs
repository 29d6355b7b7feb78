using MeiroMmm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MeiroMmm.Tests.Infrastructure;

/// <summary>
/// SQL Server refuses a foreign key whose ON DELETE action (CASCADE or SET NULL / SET DEFAULT) would make a table
/// reachable from another table by two different paths of such actions, or close a cycle (error 1785). No SQL Server
/// runs here, so this walks the SQL Server model's foreign keys the way SQL Server does and fails on either.
/// </summary>
public sealed class SqlServerCascadePathTests
{
    /// <summary>One foreign key with a database-side delete action: deleting from Principal acts on Dependent.</summary>
    public sealed record CascadeEdge(string Principal, string Dependent, string Name);

    [Fact]
    public void SqlServerModel_HasNoMultipleCascadePathsOrCycles()
    {
        using var db = new SqlServerMeiroDbContext("Server=localhost;Database=never_opened;Encrypt=false");
        var model = db.GetService<IDesignTimeModel>().Model;
        var edges = CascadeEdges(model);
        Assert.NotEmpty(edges);   // the model does have cascades; an empty walk would prove nothing
        Assert.Empty(Violations(edges));
    }

    [Fact]
    public void TheWalk_FindsADiamondAndACycle()
    {
        // a → b → d and a → c → d: two paths from a to d.
        Assert.Equal(["a reaches d by 2 cascade paths: a→b→d, a→c→d"],
            Violations([new("a", "b", "ab"), new("b", "d", "bd"), new("a", "c", "ac"), new("c", "d", "cd")]));
        // A join table with cascades from two different tables is fine.
        Assert.Empty(Violations([new("rules", "rule_channels", "r"), new("channels", "rule_channels", "c")]));
        Assert.Contains(Violations([new("a", "b", "ab"), new("b", "a", "ba")]), v => v.StartsWith("cycle"));
        Assert.Contains(Violations([new("a", "a", "self")]), v => v.StartsWith("cycle"));
    }

    private static List<CascadeEdge> CascadeEdges(IModel model) =>
        [.. model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.SetNull)   // the ones that become ON DELETE actions
            .Select(fk => new CascadeEdge(fk.PrincipalEntityType.GetTableName()!, fk.DeclaringEntityType.GetTableName()!,
                fk.GetConstraintName() ?? fk.ToString()!))
            .Distinct()];

    /// <summary>Every table reached from some table by more than one path, and every cycle, worded for the failure message.</summary>
    public static List<string> Violations(IReadOnlyList<CascadeEdge> edges)
    {
        var outgoing = edges.GroupBy(e => e.Principal).ToDictionary(g => g.Key, g => g.ToList());
        var problems = new List<string>();
        foreach (var root in outgoing.Keys.Order(StringComparer.Ordinal))
        {
            var paths = new Dictionary<string, List<string>>();
            void Walk(string table, List<string> path)
            {
                foreach (var edge in outgoing.TryGetValue(table, out var next0) ? next0 : [])
                {
                    if (path.Contains(edge.Dependent))
                    {
                        problems.Add($"cycle: {string.Join("→", path)}→{edge.Dependent}");
                        continue;
                    }
                    var next = new List<string>(path) { edge.Dependent };
                    if (!paths.TryGetValue(edge.Dependent, out var seen)) paths[edge.Dependent] = seen = [];
                    seen.Add(string.Join("→", next));
                    Walk(edge.Dependent, next);
                }
            }
            Walk(root, [root]);
            foreach (var (table, found) in paths.Where(p => p.Value.Count > 1).OrderBy(p => p.Key, StringComparer.Ordinal))
                problems.Add($"{root} reaches {table} by {found.Count} cascade paths: {string.Join(", ", found.Order(StringComparer.Ordinal))}");
        }
        return [.. problems.Distinct()];
    }
}
