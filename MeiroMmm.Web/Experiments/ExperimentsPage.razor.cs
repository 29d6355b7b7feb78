using System.Data.Common;
using MeiroMmm.Infrastructure.Experiments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MeiroMmm.Web.Experiments;

public sealed partial class ExperimentsPage(ExperimentStore store, IDialogService dialogs, NavigationManager navigation)
{
    private IReadOnlyList<ExperimentSummary>? _experiments;
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        try { _experiments = await store.ListAsync(CancellationToken.None); }
        catch (DbException e) { _error = e.Message; }
    }

    private async Task NewExperimentAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<NewExperimentDialog>("New experiment", options);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: int id }) navigation.NavigateTo($"/experiments/{id}");
    }
}
