using MeiroMmm.Infrastructure;
using MeiroMmm.Infrastructure.Identity;
using MeiroMmm.Infrastructure.Persistence;
using MeiroMmm.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MeiroMmm.Tests.Infrastructure;

public sealed class IdentityServiceTests : IAsyncLifetime
{
    private ServiceProvider _services = default!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _services = new ServiceCollection().AddLogging().AddSingleton(TestDatabase.NewSqlite()).AddMeiroPersistence().BuildServiceProvider();
        await _services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task SignIn_LocksTheAccountAfterFiveFailures_EvenForTheRightPassword()
    {
        var users = _services.GetRequiredService<UserAccountService>();
        await users.CreateAsync(new UserAccountInput("Ana", "Ana", Roles.Analyst, "correct-horse-1"), Ct);
        Assert.Equal(SignInOutcome.Succeeded, (await users.SignInAsync(" ana ", "correct-horse-1", Ct)).Outcome);
        for (int i = 0; i < 4; i++) Assert.Equal(SignInOutcome.InvalidCredentials, (await users.SignInAsync("ana", "wrong", Ct)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await users.SignInAsync("ana", "wrong", Ct)).Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await users.SignInAsync("ana", "correct-horse-1", Ct)).Outcome);
        Assert.Equal(SignInOutcome.InvalidCredentials, (await users.SignInAsync("nobody", "x", Ct)).Outcome);
    }

    [Fact]
    public async Task Passwords_AreStoredHashed()
    {
        var users = _services.GetRequiredService<UserAccountService>();
        var (user, _) = await users.CreateAsync(new UserAccountInput("vic", "", Roles.Viewer, "plain-text-secret"), Ct);
        Assert.NotNull(user);
        Assert.DoesNotContain("plain-text-secret", user.PasswordHash!);
        Assert.Equal("vic", user.DisplayName);
    }

    [Fact]
    public async Task CreateUser_WithBadInput_ReportsEveryFieldAtOnce()
    {
        var (user, errors) = await _services.GetRequiredService<UserAccountService>().CreateAsync(new UserAccountInput("two words", "", "Boss", "short"), Ct);
        Assert.Null(user);
        Assert.Equal(["password", "role", "user_name"], errors.Select(e => e.Field).Order());
    }

    [Fact]
    public async Task LastActiveAdmin_CannotBeDemoted()
    {
        var users = _services.GetRequiredService<UserAccountService>();
        var (admin, _) = await users.CreateAsync(new UserAccountInput("root", "", Roles.Admin, "long-enough-pw"), Ct);
        var errors = await users.UpdateAsync(admin!.Id, Roles.Viewer, false, Ct);
        Assert.Equal("role", Assert.Single(errors).Field);
    }

    [Fact]
    public async Task ChangeOwnPassword_NeedsTheCurrentOne_ThenOnlyTheNewOneSignsIn()
    {
        var users = _services.GetRequiredService<UserAccountService>();
        var (user, _) = await users.CreateAsync(new UserAccountInput("eve", "", Roles.Viewer, "first-password"), Ct);
        Assert.Equal("current_password", Assert.Single(await users.ChangeOwnPasswordAsync(user!.Id, "wrong", "second-password", Ct)).Field);
        Assert.Equal("new_password", Assert.Single(await users.ChangeOwnPasswordAsync(user.Id, "first-password", "short", Ct)).Field);
        Assert.Empty(await users.ChangeOwnPasswordAsync(user.Id, "first-password", "second-password", Ct));
        Assert.Equal(SignInOutcome.InvalidCredentials, (await users.SignInAsync("eve", "first-password", Ct)).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await users.SignInAsync("eve", "second-password", Ct)).Outcome);
    }

    [Fact]
    public async Task ApiKeys_StoreOnlyAHash_VerifyAndRevoke()
    {
        var keys = _services.GetRequiredService<ApiKeyService>();
        var (created, _) = await keys.CreateAsync("ci", Roles.Analyst, "tests", Ct);
        Assert.NotNull(created);
        await using (var db = await _services.GetRequiredService<IDbContextFactory<MeiroDbContext>>().CreateDbContextAsync(Ct))
        {
            var stored = await db.ApiKeys.SingleAsync(Ct);
            Assert.NotEqual(created.Secret, stored.KeyHash);
            Assert.DoesNotContain(created.Secret, stored.KeyHash + stored.Prefix + stored.Name);
        }
        var verified = await keys.VerifyAsync(created.Secret, Ct);
        Assert.Equal(Roles.Analyst, verified?.Role);
        Assert.NotNull(verified?.LastUsedAt);
        Assert.Null(await keys.VerifyAsync(created.Secret + "x", Ct));
        Assert.True(await keys.RevokeAsync(created.Key.Id, Ct));
        Assert.Null(await keys.VerifyAsync(created.Secret, Ct));
    }

    [Fact]
    public async Task ApiKeys_VerifiedKeysAreRemembered_ForTenSecondsAtMost()
    {
        // Another instance's revoke reaches this one's memory only through the lifetime: 10 s, then the database decides.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection().AddLogging()
            .AddSingleton(TestDatabase.NewSqlite()).AddMeiroPersistence().AddSingleton<TimeProvider>(clock).BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
        var keys = services.GetRequiredService<ApiKeyService>();
        var dbFactory = services.GetRequiredService<IDbContextFactory<MeiroDbContext>>();
        var (created, _) = await keys.CreateAsync("ci", Roles.Viewer, "tests", Ct);
        Assert.NotNull(await keys.VerifyAsync(created!.Secret, Ct));

        // Its use is recorded once a minute.
        clock.Now = clock.Now.AddMinutes(1);
        Assert.NotNull(await keys.VerifyAsync(created.Secret, Ct));
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
            Assert.Equal(clock.Now, (await db.ApiKeys.SingleAsync(Ct)).LastUsedAt);

        await using (var db = await dbFactory.CreateDbContextAsync(Ct))   // revoked by "another instance": straight in the row
            await db.ApiKeys.ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, clock.Now), Ct);
        clock.Now = clock.Now.AddSeconds(5);
        Assert.NotNull(await keys.VerifyAsync(created.Secret, Ct));   // still within the 10 s of the last lookup
        clock.Now = clock.Now.AddSeconds(6);
        Assert.Null(await keys.VerifyAsync(created.Secret, Ct));
        Assert.Null(await keys.VerifyAsync(created.Secret, Ct));
    }
}
