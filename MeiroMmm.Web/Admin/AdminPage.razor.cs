using System.Security.Claims;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace MeiroMmm.Web.Admin;

public sealed partial class AdminPage(UserAccountService users, ApiKeyService apiKeys, ISnackbar snackbar)
{
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private sealed class NewUser
    {
        public string UserName { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Role { get; set; } = Roles.Viewer;
        public string Password { get; set; } = "";
    }

    private IReadOnlyList<UserAccount>? _users;
    private IReadOnlyList<ApiKey>? _keys;
    private NewUser _newUser = new();
    private IReadOnlyList<FieldError> _userErrors = [];
    private IReadOnlyList<FieldError> _keyErrors = [];
    private string _newKeyName = "";
    private string _newKeyRole = Roles.Analyst;
    private CreatedApiKey? _created;
    private int? _resetUserId;
    private string _resetPassword = "";
    private IReadOnlyList<FieldError> _resetErrors = [];
    private string? _error;

    protected override async Task OnInitializedAsync()
    {
        try { await ReloadAsync(); }
        catch (System.Data.Common.DbException e) { _error = $"Users and keys could not be loaded: {e.Message}"; }
    }

    private async Task ReloadAsync()
    {
        _users = await users.ListAsync(CancellationToken.None);
        _keys = await apiKeys.ListAsync(CancellationToken.None);
    }

    private async Task AddUserAsync()
    {
        var (user, errors) = await users.CreateAsync(new UserAccountInput(_newUser.UserName, _newUser.DisplayName, _newUser.Role, _newUser.Password), CancellationToken.None);
        _userErrors = errors;
        if (user is null) return;
        snackbar.Add($"User '{user.UserName}' added as {user.Role}.", Severity.Success);
        _newUser = new NewUser();
        await ReloadAsync();
    }

    private async Task UpdateUserAsync(UserAccount user, string role, bool disabled)
    {
        var errors = await users.UpdateAsync(user.Id, role, disabled, CancellationToken.None);
        if (errors.Count > 0) snackbar.Add(errors[0].Message, Severity.Error);
        else snackbar.Add($"'{user.UserName}' is now {role}{(disabled ? ", disabled" : "")}.", Severity.Success);
        await ReloadAsync();
    }

    private async Task ResetPasswordAsync()
    {
        if (_resetUserId is not int id) return;
        _resetErrors = await users.SetPasswordAsync(id, _resetPassword, CancellationToken.None);
        if (_resetErrors.Count > 0) return;
        snackbar.Add($"Password of '{_users?.FirstOrDefault(u => u.Id == id)?.UserName}' set.", Severity.Success);
        _resetPassword = "";
    }

    private async Task CreateKeyAsync()
    {
        var state = AuthState is null ? null : await AuthState;
        string by = state?.User.Identity?.Name ?? "unknown";
        var (created, errors) = await apiKeys.CreateAsync(_newKeyName, _newKeyRole, by, CancellationToken.None);
        _keyErrors = errors;
        if (created is null) return;
        _created = created;
        _newKeyName = "";
        await ReloadAsync();
    }

    private async Task RevokeAsync(ApiKey key)
    {
        await apiKeys.RevokeAsync(key.Id, CancellationToken.None);
        snackbar.Add($"Key '{key.Name}' revoked. Calls with it now get 401.", Severity.Info);
        if (_created?.Key.Id == key.Id) _created = null;
        await ReloadAsync();
    }

    private static bool Has(IReadOnlyList<FieldError> errors, string field) => errors.Any(e => e.Field == field);
    private static string? Message(IReadOnlyList<FieldError> errors, string field) => errors.FirstOrDefault(e => e.Field == field)?.Message;
}
