using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Infrastructure.Scenarios;
using MeiroMmm.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace MeiroMmm.Web.Scenarios;

public sealed partial class ScenariosPage(ScenarioStore store, NavigationManager navigation)
{
    /// <summary>The scenario to open (?id=), e.g. from the optimizer's "saved" link.</summary>
    [SupplyParameterFromQuery(Name = "id")] public int? Id { get; set; }
    [CascadingParameter] private Task<AuthenticationState>? Auth { get; set; }

    private IReadOnlyList<ScenarioSummary>? _scenarios;
    private string? _error, _message;
    private int? _selectedId;
    private ScenarioDetail? _selected;
    private ScenarioComparison? _comparison;
    private readonly HashSet<int> _compare = [];

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (Id is { } id && _scenarios?.Any(s => s.Id == id) == true) await SelectAsync(id);
    }

    private async Task LoadAsync()
    {
        try { _scenarios = await store.ListAsync(null, null, CancellationToken.None); _error = null; }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException) { _error = e.Message; }
    }

    private async Task SelectAsync(int id)
    {
        _selectedId = id;
        _selected = await store.GetAsync(id, CancellationToken.None);
        navigation.NavigateTo($"/scenarios?id={id}", replace: true);
    }

    private void ToggleCompare(int id, bool on)
    {
        if (on) _compare.Add(id); else _compare.Remove(id);
    }

    private async Task CompareAsync()
    {
        var outcome = await store.CompareAsync([.. _compare.Order()], CancellationToken.None);
        _comparison = outcome.Value;
        _message = outcome.Status == StoreOutcomeStatus.Done ? null : outcome.Reason ?? string.Join(" ", outcome.Errors.Select(e => e.Message));
    }

    private async Task AdoptAsync(int id)
    {
        var outcome = await store.AdoptAsync(id, await ActorAsync(), CancellationToken.None);
        _message = outcome.Status == StoreOutcomeStatus.Done ? $"Adopted \"{outcome.Value!.Scenario.Name}\": its realization is tracked below as data arrive." : outcome.Reason;
        await LoadAsync();
        await SelectAsync(id);
    }

    private async Task DeleteAsync(ScenarioSummary scenario)
    {
        await store.DeleteAsync(scenario.Id, CancellationToken.None);
        _compare.Remove(scenario.Id);
        if (_selectedId == scenario.Id) { _selected = null; _selectedId = null; }
        _comparison = null;
        _message = $"Deleted \"{scenario.Name}\".";
        await LoadAsync();
    }

    private async Task<string?> ActorAsync() => Auth is null ? null : ActorName.Of((await Auth).User);
}
