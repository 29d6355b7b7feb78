namespace MeiroMmm.Infrastructure.Mmm;

/// <summary>How an uploaded wide table becomes a dataset: its name, the date column, frequency, and the columns in each role.</summary>
public sealed record DatasetImportSpec(
    string Name, string DateColumn, string Frequency, IReadOnlyList<string> Kpis, IReadOnlyList<string> Channels, IReadOnlyList<string> Controls)
{
    /// <summary>A spec from per-column roles (the wizard's table, or the suggestions).</summary>
    public static DatasetImportSpec FromRoles(string name, string frequency, IReadOnlyDictionary<string, UploadColumnRole> roles)
    {
        IReadOnlyList<string> Of(UploadColumnRole role) => [.. roles.Where(r => r.Value == role).Select(r => r.Key)];
        return new DatasetImportSpec(name, Of(UploadColumnRole.Date).FirstOrDefault() ?? "", frequency, Of(UploadColumnRole.Kpi), Of(UploadColumnRole.Spend), Of(UploadColumnRole.Control));
    }
}
