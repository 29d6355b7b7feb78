namespace MeiroMmm.Web.Mmm;

/// <summary>The largest dataset file accepted, by the wizard and by POST /api/datasets (setting Mmm:MaxUploadBytes, default 10 MB).</summary>
public static class DatasetUploadLimit
{
    public const long DefaultBytes = 10 * 1024 * 1024;

    public static long MaxBytes(IConfiguration configuration) => configuration.GetValue<long?>("Mmm:MaxUploadBytes") ?? DefaultBytes;

    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";
}
