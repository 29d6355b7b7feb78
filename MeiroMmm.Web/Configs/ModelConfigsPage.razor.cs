using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MeiroMmm.Domain.Configs;
using MeiroMmm.Infrastructure.Configs;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace MeiroMmm.Web.Configs;

/// <summary>
/// Model configs: the list with status chips, a form editor for drafts (errors at their fields), the raw JSON, a diff
/// between any two versions, the audit timeline, and activate/archive/clone with a confirmation. Analysts edit, Viewers read.
/// </summary>
public sealed partial class ModelConfigsPage(ModelConfigStore store, IDialogService dialogs, IAuthorizationService authorization, NavigationManager navigation)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The selected config, from the route.</summary>
    [Parameter] public int? Id { get; set; }
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private IReadOnlyList<ModelConfigDetails>? _configs;
    private ModelConfigDetails? _selected;
    private ModelConfigForm? _form;
    private IReadOnlyList<ModelConfigAuditView>? _audit;
    private Dictionary<string, string> _errors = [];
    private string? _error, _message;
    private Severity _messageSeverity = Severity.Success;
    private bool _canEdit, _busy;
    private int _tab;
    private int? _compareWith;
    private string _actor = "unknown";

    private IReadOnlyList<JsonChange>? Comparison =>
        _selected is { } s && _compareWith is { } other && _configs?.FirstOrDefault(c => c.Id == other) is { } o
            ? JsonDiff.Compare(o.Config, s.Config) : null;

    protected override async Task OnInitializedAsync()
    {
        if (AuthState is not null)
        {
            var user = (await AuthState).User;
            _actor = ActorName.Of(user);
            _canEdit = (await authorization.AuthorizeAsync(user, Policies.EditData)).Succeeded;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _configs = await store.ListAsync(CancellationToken.None);
            int? id = Id ?? _configs.FirstOrDefault(c => c.Status == ModelConfigStatus.Active)?.Id;
            if (id is { } selected) await LoadSelectedAsync(selected);
        }
        catch (DbException e) { _error = e.Message; }
    }

    private async Task LoadSelectedAsync(int id)
    {
        _selected = _configs?.FirstOrDefault(c => c.Id == id) ?? await store.GetAsync(id, CancellationToken.None);
        _form = _selected is null ? null : ModelConfigForm.From(_selected);
        _audit = _selected is null ? null : await store.AuditAsync(id, CancellationToken.None);
        _errors = [];
        if (_compareWith == id) _compareWith = null;
        _compareWith ??= _selected?.ParentId ?? _configs?.FirstOrDefault(c => c.Id != id && c.ConversionKey == _selected?.ConversionKey)?.Id;
    }

    private Task SelectAsync(int id)
    {
        _message = null;
        navigation.NavigateTo($"/model-configs/{id}");
        return Task.CompletedTask;
    }

    private async Task CreateAsync()
    {
        var op = await store.CreateAsync($"New draft {DateTime.UtcNow:yyyy-MM-dd HH:mm}", null, ModelConfigJson.Write(DefaultModelConfig.Config), _actor, CancellationToken.None);
        await AfterAsync(op, "Created a draft with the default settings. Edit it, save, then activate it.");
    }

    private async Task SaveAsync()
    {
        if (_selected is null || _form is null) return;
        _busy = true;
        var op = await store.UpdateAsync(_selected.Id, _form.Name, _form.Description, _form.ToJson(), _actor, null, CancellationToken.None);
        _busy = false;
        await AfterAsync(op, "Draft saved.");
    }

    private async Task ActivateAsync()
    {
        if (_selected is not { } s) return;
        var current = _configs?.FirstOrDefault(c => c.Status == ModelConfigStatus.Active && c.ConversionKey == s.ConversionKey);
        string replaces = current is null ? "" : $" It replaces #{current.Id} {current.Name}, which will be archived.";
        if (await ConfirmAsync("Activate this config?", $"Attribution runs for '{s.ConversionKey}' will use #{s.Id} from now on, and it can no longer be edited.{replaces}", "Activate"))
            await AfterAsync(await store.ActivateAsync(s.Id, _actor, CancellationToken.None), $"#{s.Id} is now the active config for '{s.ConversionKey}'.");
    }

    private async Task ArchiveAsync()
    {
        if (_selected is not { } s) return;
        if (await ConfirmAsync("Archive this draft?", $"#{s.Id} will be kept read-only for reference. Clone it to work on it again.", "Archive"))
            await AfterAsync(await store.ArchiveAsync(s.Id, _actor, CancellationToken.None), $"#{s.Id} archived.");
    }

    private async Task CloneAsync()
    {
        if (_selected is not { } s) return;
        if (await ConfirmAsync("Clone this config?", $"A new draft with the settings of #{s.Id} will be created for you to edit.", "Clone"))
            await AfterAsync(await store.CloneAsync(s.Id, null, _actor, CancellationToken.None), "Cloned into a new draft.");
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;

    /// <summary>Shows the outcome: field errors in place, a conflict as a message, success by reloading onto the config.</summary>
    private async Task AfterAsync(StoreOutcome<ModelConfigDetails> op, string success)
    {
        _errors = op.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));
        if (op.Value is { } details)
        {
            _configs = await store.ListAsync(CancellationToken.None);
            if (details.Id != _selected?.Id) navigation.NavigateTo($"/model-configs/{details.Id}");
            else await LoadSelectedAsync(details.Id);
            (_message, _messageSeverity) = (success, Severity.Success);
        }
        else if (op.Status != StoreOutcomeStatus.Invalid) (_message, _messageSeverity) = (op.Message, Severity.Warning);
        else (_message, _tab) = (null, 0);
    }

    private static string StatusMeaning(ModelConfigDetails c) => c.Status switch
    {
        ModelConfigStatus.Active => $"Used by attribution for '{c.ConversionKey}' since {When(c.ActivatedAt ?? c.UpdatedAt)}. Read-only: clone it to change it.",
        ModelConfigStatus.Draft => "Being prepared: edit and save freely; nothing uses it until it is activated.",
        _ => $"Archived {When(c.ArchivedAt ?? c.UpdatedAt)}: kept so earlier results stay explainable.",
    };

    private static string Lookbacks(ModelConfigDetails c) =>
        c.Config["windows"] is JsonObject w ? $"{w["click_lookback_days"]} d / {w["impression_lookback_days"]} d" : "—";

    private static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Pretty(JsonNode config) => config.ToJsonString(Indented);
}
