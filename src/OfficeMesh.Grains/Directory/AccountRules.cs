using System.Text.RegularExpressions;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

/// <summary>Which roles an account may hold at which kind of unit, and what a username and password must be.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 200;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex UsernamePattern();

    public static void ValidateShape(AccountRegistration registration)
    {
        if (!UsernamePattern().IsMatch(registration.Username ?? ""))
            throw DomainException.Invalid("username", zh: "用户名须为2至64位小写字母、数字或“.”“_”“-”，并以字母或数字开头",
                en: "The username must be 2 to 64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.");
        if (registration.Password is null || registration.Password.Length < MinPasswordLength)
            throw DomainException.Invalid("password", zh: $"密码至少需要{MinPasswordLength}位", en: $"The password must be at least {MinPasswordLength} characters.");
        if (registration.Password.Length > MaxPasswordLength)
            throw DomainException.Invalid("password", zh: $"密码不能超过{MaxPasswordLength}位", en: $"The password must be at most {MaxPasswordLength} characters.");
        if (registration.Roles is null || registration.Roles.Count == 0)
            throw DomainException.Invalid("roles", zh: "账号至少需要一个角色", en: "An account needs at least one role.");
        if (registration.UnitCode is null && registration.Roles.Any(role => role is not (Role.Admin or Role.Operator)))
            throw DomainException.Invalid("unitCode", zh: "除系统管理员和运维账号外，账号须属于一个单位", en: "Only admin and operator accounts may have no unit.");
    }

    /// <summary>Each role belongs at certain kinds of unit: a county's editors sit in its county office, an upper liaison in an upper office.</summary>
    public static void ValidateRolesFor(IReadOnlyList<Role> roles, Unit? unit)
    {
        foreach (var role in roles.Distinct())
        {
            if (!RoleFits(role, unit?.Kind))
                throw DomainException.Invalid("roles", zh: $"{UnitDescriptionInChinese(unit)}的账号不能担任“{ChineseNames.Of(role)}”角色",
                    en: $"The role '{RoleNames.Of(role)}' cannot be held at {UnitDescription(unit)}.");
        }
    }

    private static bool RoleFits(Role role, UnitKind? kind) => role switch
    {
        Role.Admin or Role.Operator => true,
        Role.UnitOfficer => kind is UnitKind.Township or UnitKind.Department or UnitKind.CountyOffice,
        Role.InfoEditor or Role.Supervisor or Role.Duty => kind is UnitKind.CountyOffice,
        Role.Leader => kind is UnitKind.CountyOffice or UnitKind.UpperOffice,
        Role.UpperLiaison => kind is UnitKind.UpperOffice,
        _ => false,
    };

    private static string UnitDescription(Unit? unit) => unit is null ? "no unit" : $"a unit of kind {unit.Kind}";

    private static string UnitDescriptionInChinese(Unit? unit) => unit?.Kind switch
    {
        null => "不属于任何单位",
        UnitKind.Township => "乡镇",
        UnitKind.Department => "部门",
        UnitKind.CountyOffice => "县两办",
        _ => "上级机关",
    };
}
