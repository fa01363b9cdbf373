namespace OfficeMesh.Contracts;

/// <summary>One township, department, county office or upper office. Key: <see cref="GrainKeys.Unit"/>.</summary>
[Alias("OfficeMesh.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Registers the unit; <see cref="DomainError.Conflict"/> if the code is taken.</summary>
    [Alias("Register")]
    Task<Unit> Register(UnitRegistration registration);

    [Alias("Get")]
    Task<Unit?> Get();
}

/// <summary>
/// Every unit that belongs to one county (key: <see cref="GrainKeys.CountyDirectory"/>), or every upper
/// office of the deployment (key: <see cref="GrainKeys.UpperOfficeDirectory"/>).
/// </summary>
[Alias("OfficeMesh.ICountyDirectoryGrain")]
public interface ICountyDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: listing a unit twice keeps one entry.</summary>
    [Alias("List")]
    Task List(Unit unit);

    [Alias("GetUnits")]
    Task<IReadOnlyList<Unit>> GetUnits();
}

/// <summary>One of a county's reporting channels. Key: <see cref="GrainKeys.Channel"/>.</summary>
[Alias("OfficeMesh.IReportingChannelGrain")]
public interface IReportingChannelGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: opening an open channel returns it unchanged.</summary>
    [Alias("Open")]
    Task<ChannelInfo> Open(string countyCode, ReportingChannel channel);

    [Alias("Get")]
    Task<ChannelInfo?> Get();
}

/// <summary>A login. Key: <see cref="GrainKeys.Account"/>.</summary>
[Alias("OfficeMesh.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; <see cref="DomainError.Conflict"/> if the username is taken.</summary>
    [Alias("Create")]
    Task<Account> Create(AccountRegistration registration);

    /// <summary>
    /// Checks the password. A missing or disabled account is refused like a wrong password and costs the same
    /// time; failures lock the account (see AccountRules' lockout), and a locked account refuses the right password too.
    /// </summary>
    [Alias("Authenticate")]
    Task<SignInAttempt> Authenticate(string password);

    /// <summary>The account as the admin manages it; null if there is none.</summary>
    [Alias("GetProfile")]
    Task<AccountProfile?> GetProfile();

    /// <summary>What a token of this account must carry to be honoured; null if there is no account.</summary>
    [Alias("GetStanding")]
    Task<AccountStanding?> GetStanding();

    /// <summary>Changes roles, name, mobile or disabling; a change of roles or disabling ends earlier tokens.</summary>
    [Alias("Change")]
    Task<AccountProfile> Change(AccountChange change);

    /// <summary>An admin sets a new password; earlier tokens end and a lock is lifted.</summary>
    [Alias("ResetPassword")]
    Task ResetPassword(string newPassword);

    /// <summary>The account changes its own password; a wrong current password counts as a failed sign-in.</summary>
    [Alias("ChangePassword")]
    Task<SignInAttempt> ChangePassword(string currentPassword, string newPassword);

    [Alias("Exists")]
    Task<bool> Exists();

    /// <summary>Creates the first admin unless the account exists; true if it was created now.</summary>
    [Alias("EnsureAdmin")]
    Task<bool> EnsureAdmin(string password);
}

/// <summary>Every county office of the deployment. Key: <see cref="GrainKeys.CountyRegistry"/>. Touched when a county is registered and at silo start only.</summary>
[Alias("OfficeMesh.ICountyRegistryGrain")]
public interface ICountyRegistryGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(string countyCode);

    [Alias("Counties")]
    Task<IReadOnlyList<string>> Counties();
}

/// <summary>
/// The usernames of one unit's accounts (or of the accounts without a unit), so an admin can list them
/// without a scan. Key: <see cref="GrainKeys.UnitAccounts"/>.
/// </summary>
[Alias("OfficeMesh.IUnitAccountsGrain")]
public interface IUnitAccountsGrain : IGrainWithStringKey
{
    /// <summary>Idempotent.</summary>
    [Alias("Add")]
    Task Add(string username);

    /// <summary>Usernames in order, after <paramref name="after"/> when given.</summary>
    [Alias("Usernames")]
    Task<IReadOnlyList<string>> Usernames(string? after, int limit);
}
