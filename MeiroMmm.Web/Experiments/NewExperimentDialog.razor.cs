using System.Data.Common;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace MeiroMmm.Web.Experiments;

/// <summary>
/// Creates a draft experiment through <see cref="ExperimentService"/>, or with <see cref="Experiment"/> set edits that draft
/// (the same fields and power calculator); closes with the experiment's id.
/// </summary>
public sealed partial class NewExperimentDialog(ExperimentService service, TimeProvider clock)
{
    private static readonly (string Value, string Label)[] Channels =
        [("email", "E-mail"), ("push", "Push"), ("sms", "SMS"), ("whatsapp", "WhatsApp")];

    /// <summary>The dialog this component is shown in (cascaded by MudBlazor's dialog provider).</summary>
    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }

    /// <summary>The draft to edit; null creates a new one.</summary>
    [Parameter] public ExperimentDetails? Experiment { get; set; }

    private NewExperimentForm _form = new();
    /// <summary>A draft with assigned profiles keeps its treatment share (the service refuses the change too).</summary>
    private bool _rateLocked;
    private EditContext _edit = default!;
    private ValidationMessageStore _serverErrors = default!;
    private string? _failure;
    private bool _saving;

    /// <summary>The calculator follows the treatment share typed above; an invalid share falls back to 50/50 until it is fixed.</summary>
    private double CalculatorTreatmentRate => _form.TreatmentPercent is { } p && p > 0 && p < 100 ? p / 100 : 0.5;

    protected override void OnInitialized()
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        _form = Experiment is { } e
            ? new NewExperimentForm
            {
                Name = e.Name, Channel = e.Channel, StartDate = e.StartAt.UtcDateTime.Date, EndDate = e.EndAt.UtcDateTime.Date,
                TreatmentPercent = Math.Round(e.TreatmentRate * 100, 6),
            }
            : new NewExperimentForm { StartDate = today.AddDays(1), EndDate = today.AddDays(29) };
        _rateLocked = Experiment is { TreatmentProfiles: > 0 } or { ControlProfiles: > 0 };
        _edit = new EditContext(_form);
        _serverErrors = new ValidationMessageStore(_edit);
        _edit.OnFieldChanged += (_, _) => _serverErrors.Clear();
    }

    private void Cancel() => Dialog?.Cancel();

    private async Task SaveAsync()
    {
        _serverErrors.Clear();
        _failure = null;
        bool valid = _edit.Validate();
        if (_form is { StartDate: { } start, EndDate: { } end } && end <= start)
        {
            _serverErrors.Add(_edit.Field(nameof(NewExperimentForm.EndDate)), "The end date must be after the start date.");
            _edit.NotifyValidationStateChanged();
            valid = false;
        }
        if (!valid) return;
        _saving = true;
        try
        {
            var draft = _form.ToDraft();
            // A locked share goes back exactly as stored, not through the percent field's rounding.
            if (Experiment is { } existing && _rateLocked) draft = draft with { TreatmentRate = existing.TreatmentRate };
            var op = Experiment is { } e
                ? await service.UpdateAsync(e.Id, draft, CancellationToken.None)
                : await service.CreateAsync(draft, CancellationToken.None);
            if (op.Value is { } created)
            {
                Dialog?.Close(DialogResult.Ok(created.Id));
                return;
            }
            // Service errors name the API field; each goes under the form field that holds it.
            foreach (var error in op.Errors) _serverErrors.Add(_edit.Field(NewExperimentForm.PropertyOf(error.Field)), error.Message);
            _failure = op.Reason;
            _edit.NotifyValidationStateChanged();
        }
        catch (DbException e)
        {
            _failure = $"The experiment could not be saved: {e.Message}";
        }
        finally
        {
            _saving = false;
        }
    }
}
