using MeiroMmm.Infrastructure.Mmm;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MeiroMmm.Web.Mmm;

public sealed partial class RunPreviewPanel(ModelPreview previewer) : IDisposable
{
    private CancellationTokenSource? _cancel;
    private bool _computing;
    private ModelPreviewResult? _result;
    private string? _message, _for, _kpi;
    private Severity _messageSeverity = Severity.Error;

    /// <summary>True while a preview is being computed (the form disables its button).</summary>
    public bool Computing => _computing;

    /// <summary>Called when computing starts or ends, so the form can re-render its buttons.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    /// <summary>
    /// Computes the preview of these settings on a pool thread; a second call, Cancel or leaving the page stops the one
    /// before. The circuit awaits it, so nothing runs unobserved.
    /// </summary>
    public async Task StartAsync(ModelRunSettings settings, string description)
    {
        _cancel?.Cancel();
        using var cancel = _cancel = new CancellationTokenSource();
        _computing = true; _message = null; _result = null;
        StateHasChanged();   // called through a reference from the form, not by an event of this component: render explicitly
        await OnChanged.InvokeAsync();
        try
        {
            var outcome = await previewer.ComputeAsync(settings, cancel.Token);
            if (outcome.Result is null)
            {
                _messageSeverity = Severity.Error;
                _message = "No preview: " + string.Join(" ", outcome.Errors.Select(e => e.Message));
            }
            else { _result = outcome.Result; _for = description; _kpi = settings.Kpi; }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            if (!ReferenceEquals(_cancel, cancel)) return;   // a newer preview replaced this one
            _messageSeverity = Severity.Info;
            _message = "Preview cancelled.";
        }
        catch (InvalidOperationException e)
        {
            _messageSeverity = Severity.Error;
            _message = "No preview: " + e.Message;
        }
        finally
        {
            if (ReferenceEquals(_cancel, cancel)) { _cancel = null; _computing = false; }
        }
        StateHasChanged();
        await OnChanged.InvokeAsync();
    }

    private void Cancel() => _cancel?.Cancel();

    public void Dispose() => _cancel?.Cancel();
}
