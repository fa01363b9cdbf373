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

    /// <summary>The account if the password is right; null otherwise (also when there is no account).</summary>
    [Alias("SignIn")]
    Task<Account?> SignIn(string password);

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
