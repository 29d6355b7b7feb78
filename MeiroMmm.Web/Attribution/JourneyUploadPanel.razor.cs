using System.Globalization;
using MeiroMmm.Infrastructure.Attribution.Ingestion;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MeiroMmm.Web.Attribution;

public sealed partial class JourneyUploadPanel(JourneyIngestion ingestion)
{
    /// <summary>The largest file accepted, in bytes (setting Attribution:MaxUploadBytes).</summary>
    [Parameter, EditorRequired] public long MaxBytes { get; set; }
    /// <summary>Called after an upload stored at least one journey, so the page reloads its figures.</summary>
    [Parameter] public EventCallback OnUploaded { get; set; }

    private bool _uploading;
    private string? _fileName, _error;
    private long _fileSize;
    private IngestionProgress? _progress;
    private IngestionSummary? _summary;

    private double Percent => _fileSize == 0 ? 0 : 100.0 * (_progress?.BytesRead ?? 0) / _fileSize;

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null) return;
        _fileName = file.Name;
        _fileSize = file.Size;
        _summary = null;
        _error = null;
        _progress = null;
        if (file.Size > MaxBytes)
        {
            _error = $"{file.Name} is {Size(file.Size)}, more than the limit of {Size(MaxBytes)}.";
            return;
        }
        _uploading = true;
        StateHasChanged();
        try
        {
            // The browser streams the file over the circuit; the reader never holds more than a buffer of it.
            await using var stream = new CountingStream(file.OpenReadStream(MaxBytes), MaxBytes);
            _summary = await ingestion.IngestAsync(stream, JourneyFileFormats.FromName(file.Name, file.ContentType), "upload", 50,
                new UploadProgress(this), CancellationToken.None);
            if (_summary.Accepted > 0) await OnUploaded.InvokeAsync();
        }
        catch (Exception e) when (e is IOException or UploadTooLargeException or System.Data.Common.DbException or InvalidOperationException)
        {
            _error = $"The upload of {file.Name} failed: {e.Message} Journeys stored before the failure stay stored; uploading the file again skips them.";
        }
        finally { _uploading = false; }
    }

    /// <summary>Reports arrive on the ingestion's thread; InvokeAsync moves them onto this circuit.</summary>
    private sealed class UploadProgress(JourneyUploadPanel panel) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => _ = panel.InvokeAsync(() => { panel._progress = value; panel.StateHasChanged(); });
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };
}
