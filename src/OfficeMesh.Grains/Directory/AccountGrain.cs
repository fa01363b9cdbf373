using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.AccountState")]
public sealed class AccountState
{
    [Id(0)] public Account? Account { get; set; }
    [Id(1)] public string PasswordHash { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    // Tokens carry this stamp; a new one (reset, disabling, new roles) ends every earlier token.
    // Accounts from before stamps have "", which matches tokens without a stamp claim.
    [Id(3)] public string SecurityStamp { get; set; } = "";
    [Id(4)] public bool Disabled { get; set; }
    [Id(5)] public string? DisplayName { get; set; }
    [Id(6)] public string? Mobile { get; set; }
    [Id(7)] public DateTimeOffset? LastSignInAt { get; set; }
    [Id(8)] public List<DateTimeOffset> RecentFailures { get; set; } = [];
    [Id(9)] public DateTimeOffset? LockedUntil { get; set; }
    // Whether the unit's account list has this account; false until delivered, so a crash in between is repaired.
    [Id(10)] public bool Listed { get; set; }
}

public sealed class AccountGrain(
    [PersistentState("account", ProviderNames.GrainStorage)] IPersistentState<AccountState> state,
    IPasswordHasher<Account> hasher,
    IOptions<SignInLockoutOptions> signInOptions,
    TimeProvider clock) : Grain, IAccountGrain
{
    public const string BootstrapAdminUsername = "admin";

    private static readonly Account Nobody = new("-", null, null, []);
    private static string? s_dummyHash;

    private bool HasAccount => state.State.Account is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasAccount && !state.State.Listed)
            await ListAsync();
    }

    public async Task<Account> Create(AccountRegistration registration)
    {
        if (registration.Username != this.GetPrimaryKeyString())
            throw DomainException.Invalid("username", zh: "用户名与所访问的账号不一致", en: "The username does not match the account addressed.");
        AccountRules.ValidateShape(registration);

        Unit? unit = null;
        if (registration.UnitCode is not null)
        {
            unit = await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(registration.UnitCode)).Get()
                ?? throw DomainException.Invalid("unitCode", zh: $"单位“{registration.UnitCode}”不存在", en: $"The unit '{registration.UnitCode}' does not exist.");
        }
        AccountRules.ValidateRolesFor(registration.Roles, unit);
        if (HasAccount)
            throw DomainException.Conflict(zh: $"用户名“{registration.Username}”已被使用", en: $"An account named '{registration.Username}' already exists.");

        state.State.DisplayName = registration.DisplayName?.Trim();
        state.State.Mobile = registration.Mobile;
        await StoreAsync(new Account(registration.Username, unit?.Code, unit?.CountyCode, registration.Roles.Distinct().ToList(), unit?.Kind, unit?.Level),
            registration.Password);
        return state.State.Account!;
    }

    public async Task<SignInAttempt> Authenticate(string password)
    {
        if (Locked() is { } locked)
            return locked;
        if (!Verify(password))
            return await FailAsync();
        if (state.State.Disabled)
            return new SignInAttempt(SignInOutcome.Refused);

        state.State.RecentFailures.Clear();
        state.State.LockedUntil = null;
        state.State.LastSignInAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        return new SignInAttempt(SignInOutcome.SignedIn, state.State.Account, state.State.SecurityStamp);
    }

    public Task<AccountProfile?> GetProfile() => Task.FromResult(Profile());

    public Task<AccountStanding?> GetStanding() =>
        Task.FromResult(HasAccount ? new AccountStanding(state.State.SecurityStamp, state.State.Disabled) : null);

    public async Task<AccountProfile> Change(AccountChange change)
    {
        var account = RequireAccount();
        AccountRules.ValidateProfile(change.DisplayName, change.Mobile);
        var endsTokens = false;
        if (change.Roles is { } roles)
        {
            AccountRules.ValidateRoles(roles, account.UnitCode);
            AccountRules.ValidateRolesFor(roles, account.UnitKind);
            var distinct = roles.Distinct().ToList();
            endsTokens = !distinct.Order().SequenceEqual(account.Roles.Order());
            state.State.Account = account with { Roles = distinct };
        }
        if (change.DisplayName is { } displayName)
            state.State.DisplayName = displayName.Trim();
        if (change.Mobile is { } mobile)
            state.State.Mobile = mobile;
        if (change.Disabled is { } disabled)
        {
            endsTokens |= disabled && !state.State.Disabled;
            state.State.Disabled = disabled;
        }
        if (endsTokens)
            state.State.SecurityStamp = NewStamp();
        await state.WriteStateAsync();
        return Profile()!;
    }

    public async Task ResetPassword(string newPassword)
    {
        var account = RequireAccount();
        AccountRules.ValidatePassword(account.Username, newPassword, "newPassword");
        state.State.RecentFailures.Clear();
        state.State.LockedUntil = null;
        await StorePasswordAsync(account, newPassword);
    }

    public async Task<SignInAttempt> ChangePassword(string currentPassword, string newPassword)
    {
        if (Locked() is { } locked)
            return locked;
        if (!Verify(currentPassword) || state.State.Disabled)
            return await FailAsync();
        var account = state.State.Account!;
        AccountRules.ValidatePassword(account.Username, newPassword, "newPassword");
        state.State.RecentFailures.Clear();
        await StorePasswordAsync(account, newPassword);
        return new SignInAttempt(SignInOutcome.SignedIn, account, state.State.SecurityStamp);
    }

    public Task<bool> Exists() => Task.FromResult(HasAccount);

    public async Task<bool> EnsureAdmin(string password)
    {
        if (HasAccount)
            return false;
        await StoreAsync(new Account(this.GetPrimaryKeyString(), null, null, new List<Role> { Role.Admin }), password);
        return true;
    }

    private SignInAttempt? Locked() =>
        state.State.LockedUntil is { } until && clock.GetUtcNow() < until ? new SignInAttempt(SignInOutcome.Locked, LockedUntil: until) : null;

    /// <summary>A missing account verifies against a dummy hash, so it answers no faster than a wrong password.</summary>
    private bool Verify(string password)
    {
        if (state.State.Account is not { } account)
        {
            hasher.VerifyHashedPassword(Nobody, s_dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString()), password);
            return false;
        }
        return hasher.VerifyHashedPassword(account, state.State.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// Counts a failure towards the lock. A missing account counts in memory only (nothing is stored for made-up
    /// names), so it locks like a real one for as long as it stays active and does not tell the two apart.
    /// </summary>
    private async Task<SignInAttempt> FailAsync()
    {
        var now = clock.GetUtcNow();
        var options = signInOptions.Value;
        state.State.RecentFailures = SignInLockout.AddFailure(state.State.RecentFailures, now, options);
        state.State.LockedUntil = SignInLockout.LockedUntil(state.State.RecentFailures, now, options);
        if (HasAccount)
            await state.WriteStateAsync();
        return new SignInAttempt(SignInOutcome.Refused);
    }

    private Account RequireAccount() =>
        state.State.Account ?? throw DomainException.NotFound(zh: $"账号“{this.GetPrimaryKeyString()}”不存在", en: $"There is no account '{this.GetPrimaryKeyString()}'.");

    private AccountProfile? Profile() => state.State.Account is { } account
        ? new AccountProfile(account.Username, account.UnitCode, account.Roles, state.State.DisplayName, state.State.Mobile,
            state.State.Disabled, state.State.LastSignInAt)
        : null;

    private async Task StoreAsync(Account account, string password)
    {
        state.State.Account = account;
        state.State.CreatedAt = clock.GetUtcNow();
        await StorePasswordAsync(account, password);
        await ListAsync();
    }

    private async Task StorePasswordAsync(Account account, string password)
    {
        state.State.PasswordHash = hasher.HashPassword(account, password);
        state.State.SecurityStamp = NewStamp();
        await state.WriteStateAsync();
    }

    private async Task ListAsync()
    {
        await GrainFactory.GetGrain<IUnitAccountsGrain>(GrainKeys.UnitAccounts(state.State.Account!.UnitCode)).Add(state.State.Account.Username);
        state.State.Listed = true;
        await state.WriteStateAsync();
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
