namespace OfficeMesh.Contracts;

/// <summary>The roles as they are written on the wire and in tokens.</summary>
public static class RoleNames
{
    public const string Admin = "admin";
    public const string UnitOfficer = "unit-officer";
    public const string InfoEditor = "info-editor";
    public const string Supervisor = "supervisor";
    public const string Duty = "duty";
    public const string Leader = "leader";
    public const string UpperLiaison = "upper-liaison";
    public const string Operator = "operator";

    public static string Of(Role role) => role switch
    {
        Role.Admin => Admin,
        Role.UnitOfficer => UnitOfficer,
        Role.InfoEditor => InfoEditor,
        Role.Supervisor => Supervisor,
        Role.Duty => Duty,
        Role.Leader => Leader,
        Role.UpperLiaison => UpperLiaison,
        Role.Operator => Operator,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
