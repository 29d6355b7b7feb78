using System.Data.Common;
using System.Globalization;
using MeiroMmm.Infrastructure.Taxonomy;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace MeiroMmm.Web.Taxonomy;

/// <summary>The taxonomy in use and its versions; everyone can read and view versions, Admins edit and restore.</summary>
public sealed partial class TaxonomyPage(TaxonomyStore store, IDialogService dialogs)
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private CurrentTaxonomy? _current;
    private IReadOnlyList<TaxonomyVersionInfo>? _versions;
    private TaxonomyVersionDetails? _viewed;
    private string? _error, _restoreMessage;
    private Severity _restoreSeverity = Severity.Success;

    protected override async Task OnInitializedAsync()
    {
        try { await LoadAsync(); }
        catch (DbException e) { _error = e.Message; }
    }

    private async Task LoadAsync()
    {
        _current = await store.CurrentAsync(CancellationToken.None);
        _versions = await store.VersionsAsync(CancellationToken.None);
    }

    private async Task ViewAsync(int version) => _viewed = await store.VersionAsync(version, CancellationToken.None);

    private async Task RestoreAsync(int version)
    {
        if (await dialogs.ShowMessageBoxAsync($"Restore version {version}?",
                $"Its rules and aliases are saved as version {(_current?.Info.Version ?? 0) + 1} and used from now on. The current version stays in the list.",
                yesText: "Restore", cancelText: "Cancel") != true)
            return;
        string actor = AuthState is null ? "unknown" : ActorName.Of((await AuthState).User);
        var op = await store.RestoreAsync(version, actor, null, CancellationToken.None);
        (_restoreMessage, _restoreSeverity) = op.Value is { } saved ? ($"Version {version} restored as version {saved.Version}.", Severity.Success) : (op.Message, Severity.Warning);
        await LoadAsync();
    }

    private static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
