namespace OfficeMesh.Contracts;

/// <summary>The roles of api.md, written kebab-case on the wire (unit-officer, info-editor, …).</summary>
[GenerateSerializer, Alias("OfficeMesh.Role")]
public enum Role
{
    Admin,
    UnitOfficer,
    InfoEditor,
    Supervisor,
    Duty,
    Leader,
    UpperLiaison,
    Operator,
}

[GenerateSerializer, Alias("OfficeMesh.AccountRegistration")]
public sealed record AccountRegistration(
    [property: Id(0)] string Username,
    [property: Id(1)] string Password,
    [property: Id(2)] string? UnitCode,
    [property: Id(3)] IReadOnlyList<Role> Roles,
    [property: Id(4)] string? DisplayName = null,
    [property: Id(5)] string? Mobile = null);

/// <summary>An account as others may see it: never the password or its hash.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Account")]
public sealed record Account(
    [property: Id(0)] string Username,
    [property: Id(1)] string? UnitCode,
    [property: Id(2)] string? CountyCode,
    [property: Id(3)] IReadOnlyList<Role> Roles,
    [property: Id(4)] UnitKind? UnitKind = null,
    [property: Id(5)] UpperLevel? UnitLevel = null);

/// <summary>An account as the admin manages it (<c>GET /api/v1/accounts</c>): never the password or its hash.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.AccountProfile")]
public sealed record AccountProfile(
    [property: Id(0)] string Username,
    [property: Id(1)] string? UnitCode,
    [property: Id(2)] IReadOnlyList<Role> Roles,
    [property: Id(3)] string? DisplayName,
    [property: Id(4)] string? Mobile,
    [property: Id(5)] bool Disabled,
    [property: Id(6)] DateTimeOffset? LastSignInAt);

/// <summary>What an admin changes on an account; a null field stays as it is.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.AccountChange")]
public sealed record AccountChange(
    [property: Id(0)] IReadOnlyList<Role>? Roles,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] string? Mobile,
    [property: Id(3)] bool? Disabled);

[GenerateSerializer, Alias("OfficeMesh.SignInOutcome")]
public enum SignInOutcome
{
    SignedIn,
    /// <summary>Wrong password, no such account, or a disabled account: the caller is not told which.</summary>
    Refused,
    /// <summary>Too many failures lately: refused until <see cref="SignInAttempt.LockedUntil"/>, whatever the password.</summary>
    Locked,
}

/// <summary>The answer to a sign-in. <see cref="SecurityStamp"/> goes into the token, so a reset or a disabling ends it.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.SignInAttempt")]
public sealed record SignInAttempt(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] Account? Account = null,
    [property: Id(2)] string? SecurityStamp = null,
    [property: Id(3)] DateTimeOffset? LockedUntil = null);

/// <summary>Whether tokens of an account still hold: the stamp they must carry, and whether it is disabled.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.AccountStanding")]
public sealed record AccountStanding(
    [property: Id(0)] string SecurityStamp,
    [property: Id(1)] bool Disabled);

/// <summary>
/// Who is asking, as the API read it from a validated token. Grains decide visibility and permission
/// from this, so the same rule holds whichever endpoint asks.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Caller")]
public sealed record Caller(
    [property: Id(0)] string Username,
    [property: Id(1)] string? UnitCode,
    [property: Id(2)] string? CountyCode,
    [property: Id(3)] IReadOnlyList<Role> Roles,
    [property: Id(4)] UnitKind? UnitKind,
    [property: Id(5)] UpperLevel? UnitLevel)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>An account of the county office of <paramref name="countyCode"/> holding <paramref name="role"/>.</summary>
    public bool IsCounty(Role role, string countyCode) =>
        Has(role) && UnitKind == Contracts.UnitKind.CountyOffice && CountyCode == countyCode;
}
