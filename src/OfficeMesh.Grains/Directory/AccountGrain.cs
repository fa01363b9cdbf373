using Microsoft.AspNetCore.Identity;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.AccountState")]
public sealed class AccountState
{
    [Id(0)] public Account? Account { get; set; }
    [Id(1)] public string PasswordHash { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
}

public sealed class AccountGrain(
    [PersistentState("account", ProviderNames.GrainStorage)] IPersistentState<AccountState> state,
    IPasswordHasher<Account> hasher,
    TimeProvider clock) : Grain, IAccountGrain
{
    public const string BootstrapAdminUsername = "admin";

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
        if (state.State.Account is not null)
            throw DomainException.Conflict(zh: $"用户名“{registration.Username}”已被使用", en: $"An account named '{registration.Username}' already exists.");

        await StoreAsync(new Account(registration.Username, unit?.Code, unit?.CountyCode, registration.Roles.Distinct().ToList(), unit?.Kind, unit?.Level),
            registration.Password);
        return state.State.Account!;
    }

    public Task<Account?> SignIn(string password)
    {
        if (state.State.Account is not { } account)
            return Task.FromResult<Account?>(null);
        var result = hasher.VerifyHashedPassword(account, state.State.PasswordHash, password);
        return Task.FromResult(result == PasswordVerificationResult.Failed ? null : account);
    }

    public Task<bool> Exists() => Task.FromResult(state.State.Account is not null);

    public async Task<bool> EnsureAdmin(string password)
    {
        if (state.State.Account is not null)
            return false;
        await StoreAsync(new Account(this.GetPrimaryKeyString(), null, null, new List<Role> { Role.Admin }), password);
        return true;
    }

    private async Task StoreAsync(Account account, string password)
    {
        state.State.Account = account;
        state.State.PasswordHash = hasher.HashPassword(account, password);
        state.State.CreatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
    }
}
