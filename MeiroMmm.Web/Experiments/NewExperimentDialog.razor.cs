using System.Data.Common;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace MeiroMmm.Web.Experiments;

/// <summary>Creates a draft experiment through <see cref="ExperimentService"/>; closes with the new experiment's id.</summary>
public sealed partial class NewExperimentDialog(ExperimentService service, TimeProvider clock)
{
    private static readonly (string Value, string Label)[] Channels =
        [("email", "E-mail"), ("push", "Push"), ("sms", "SMS"), ("whatsapp", "WhatsApp")];

    /// <summary>The dialog this component is shown in (cascaded by MudBlazor's dialog provider).</summary>
    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }

    private NewExperimentForm _form = new();
    private EditContext _edit = default!;
    private ValidationMessageStore _serverErrors = default!;
    private string? _failure;
    private bool _saving;

    /// <summary>The calculator follows the treatment share typed above; an invalid share falls back to 50/50 until it is fixed.</summary>
    private double CalculatorTreatmentRate => _form.TreatmentPercent is { } p && p > 0 && p < 100 ? p / 100 : 0.5;

    protected override void OnInitialized()
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        _form = new NewExperimentForm { StartDate = today.AddDays(1), EndDate = today.AddDays(29) };
        _edit = new EditContext(_form);
        _serverErrors = new ValidationMessageStore(_edit);
        _edit.OnFieldChanged += (_, _) => _serverErrors.Clear();
    }

    private void Cancel() => Dialog?.Cancel();

    private async Task CreateAsync()
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
            var op = await service.CreateAsync(_form.ToDraft(), CancellationToken.None);
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
