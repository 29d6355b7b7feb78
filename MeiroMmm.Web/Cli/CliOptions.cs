using System.Globalization;

namespace MeiroMmm.Web.Cli;

/// <summary>`--name value` options of a verb, with typed getters that name the option in their errors.</summary>
public sealed class CliOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public CliOptions(IEnumerable<string> args, params string[] flagNames)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (!a.StartsWith("--")) throw new CliUsageException($"unexpected argument '{a}'.");
            if (flagNames.Contains(a)) { _flags.Add(a); continue; }
            if (i + 1 >= list.Count) throw new CliUsageException($"{a} needs a value.");
            _values[a] = list[++i];
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Text(name) ?? throw new CliUsageException($"{name} is required.");

    public IReadOnlyList<string> List(string name) =>
        Text(name) is { } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [];

    public int Int(string name, int fallback, int min = 0) =>
        Text(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? v
        : throw new CliUsageException($"{name} must be a whole number ≥ {min}, not '{text}'.");

    public double Double(string name, double fallback, double min, double max) =>
        Text(name) is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max ? v
        : throw new CliUsageException($"{name} must be a number in [{min}, {max}], not '{text}'.");
}

public sealed class CliUsageException(string message) : Exception(message);
