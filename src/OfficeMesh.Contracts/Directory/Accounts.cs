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
    [property: Id(3)] IReadOnlyList<Role> Roles);

/// <summary>An account as others may see it: never the password or its hash.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Account")]
public sealed record Account(
    [property: Id(0)] string Username,
    [property: Id(1)] string? UnitCode,
    [property: Id(2)] string? CountyCode,
    [property: Id(3)] IReadOnlyList<Role> Roles,
    [property: Id(4)] UnitKind? UnitKind = null,
    [property: Id(5)] UpperLevel? UnitLevel = null);

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
