namespace MeiroMmm.Domain.Taxonomy;

/// <summary>
/// Checks a whole taxonomy before it is saved as a new version: every rule as <see cref="ChannelRuleCheck"/> checks it
/// (fields named <c>rules[i].source_pattern</c> …), rule names unique (reports count touchpoints per rule name), and
/// aliases that are non-empty after normalization, not longer than a UTM value may be, and not chained.
/// </summary>
public static class ChannelTaxonomyCheck
{
    public const int MaxRules = 500, MaxAliases = 2000, MaxAliasLength = 200;

    public static IReadOnlyList<RuleFieldError> Check(ChannelTaxonomy taxonomy)
    {
        var errors = new List<RuleFieldError>();
        if (taxonomy.Rules.Count == 0) errors.Add(new("rules", "A taxonomy needs at least one rule: without rules every touchpoint is unknown."));
        if (taxonomy.Rules.Count > MaxRules) errors.Add(new("rules", $"The taxonomy has {taxonomy.Rules.Count} rules; at most {MaxRules} are allowed."));
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < taxonomy.Rules.Count; i++)
        {
            var rule = taxonomy.Rules[i];
            errors.AddRange(ChannelRuleCheck.Check(rule).Select(e => new RuleFieldError($"rules[{i}].{e.Field}", e.Message)));
            string name = rule.Name?.Trim() ?? "";
            if (name.Length > 0 && !names.TryAdd(name, i))
                errors.Add(new($"rules[{i}].name", $"Rule name '{name}' is already used by rule {names[name] + 1}; names must be unique because reports count touchpoints per rule."));
        }
        CheckAliases("source_aliases", taxonomy.SourceAliases, errors);
        CheckAliases("medium_aliases", taxonomy.MediumAliases, errors);
        return errors;
    }

    private static void CheckAliases(string field, IReadOnlyDictionary<string, string> aliases, List<RuleFieldError> errors)
    {
        if (aliases.Count > MaxAliases) errors.Add(new(field, $"{aliases.Count} aliases; at most {MaxAliases} are allowed."));
        var normalized = new Dictionary<string, string>();
        foreach (var (alias, canonical) in aliases)
        {
            string a = UtmNormalizer.Normalize(alias), c = UtmNormalizer.Normalize(canonical);
            string at = $"{field}.{alias}";
            if (a.Length == 0) errors.Add(new(at, "An alias cannot be empty."));
            else if (c.Length == 0) errors.Add(new(at, $"Alias '{alias}' needs the value it stands for."));
            else if (a.Length > MaxAliasLength || c.Length > MaxAliasLength) errors.Add(new(at, $"Aliases and their values have at most {MaxAliasLength} characters."));
            else if (a == c) errors.Add(new(at, $"Alias '{alias}' stands for itself; remove it."));
            else if (!normalized.TryAdd(a, c)) errors.Add(new(at, $"Alias '{alias}' is given twice (aliases are compared after normalization: trimmed, lower-case)."));
        }
        // One step only: the mapper applies an alias once, so "a → b" with "b → c" would silently stop at b.
        foreach (var (alias, canonical) in normalized)
            if (normalized.ContainsKey(canonical))
                errors.Add(new($"{field}.{alias}", $"Alias '{alias}' points to '{canonical}', which is itself an alias; point it to the final value."));
    }
}
