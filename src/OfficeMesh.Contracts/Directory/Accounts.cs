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
[GenerateSerializer, Alias("OfficeMesh.Account")]
public sealed record Account(
    [property: Id(0)] string Username,
    [property: Id(1)] string? UnitCode,
    [property: Id(2)] string? CountyCode,
    [property: Id(3)] IReadOnlyList<Role> Roles);
