using System.Text.RegularExpressions;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

/// <summary>Which roles an account may hold at which kind of unit, and what a username and password must be.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 200;

    public const int MaxDisplayNameLength = 50;

    [GeneratedRegex(@"^\+?[0-9][0-9 -]{5,19}$")]
    private static partial Regex MobilePattern();

    public static void ValidateShape(AccountRegistration registration)
    {
        if (!Usernames.IsValid(registration.Username))
            throw DomainException.Invalid("username", zh: Usernames.RuleInChinese, en: Usernames.Rule);
        ValidatePassword(registration.Username, registration.Password, "password");
        ValidateProfile(registration.DisplayName, registration.Mobile);
        ValidateRoles(registration.Roles, registration.UnitCode);
    }

    /// <summary>At least 10 characters (at most 200, so hashing stays cheap) and not containing the username.</summary>
    public static void ValidatePassword(string username, string? password, string field)
    {
        if (password is null || password.Length < MinPasswordLength)
            throw DomainException.Invalid(field, zh: $"密码至少需要{MinPasswordLength}位", en: $"The password must be at least {MinPasswordLength} characters.");
        if (password.Length > MaxPasswordLength)
            throw DomainException.Invalid(field, zh: $"密码不能超过{MaxPasswordLength}位", en: $"The password must be at most {MaxPasswordLength} characters.");
        if (password.Contains(username, StringComparison.OrdinalIgnoreCase))
            throw DomainException.Invalid(field, zh: "密码不能包含用户名", en: "The password must not contain the username.");
    }

    public static void ValidateProfile(string? displayName, string? mobile)
    {
        if (displayName is not null && (displayName.Trim().Length == 0 || displayName.Length > MaxDisplayNameLength))
            throw DomainException.Invalid("displayName", zh: $"姓名须为1至{MaxDisplayNameLength}个字", en: $"The display name must be 1 to {MaxDisplayNameLength} characters.");
        if (mobile is not null && !MobilePattern().IsMatch(mobile))
            throw DomainException.Invalid("mobile", zh: "手机号码须为6至20位数字、空格或“-”，可以“+”开头", en: "The mobile number must be 6 to 20 digits, spaces or '-', optionally starting with '+'.");
    }

    public static void ValidateRoles(IReadOnlyList<Role>? roles, string? unitCode)
    {
        if (roles is null || roles.Count == 0)
            throw DomainException.Invalid("roles", zh: "账号至少需要一个角色", en: "An account needs at least one role.");
        if (unitCode is null && roles.Any(role => role is not (Role.Admin or Role.Operator)))
            throw DomainException.Invalid("unitCode", zh: "除系统管理员和运维账号外，账号须属于一个单位", en: "Only admin and operator accounts may have no unit.");
    }

    /// <summary>Each role belongs at certain kinds of unit: a county's editors sit in its county office, an upper liaison in an upper office.</summary>
    public static void ValidateRolesFor(IReadOnlyList<Role> roles, Unit? unit) => ValidateRolesFor(roles, unit?.Kind);

    public static void ValidateRolesFor(IReadOnlyList<Role> roles, UnitKind? kind)
    {
        foreach (var role in roles.Distinct())
        {
            if (!RoleFits(role, kind))
                throw DomainException.Invalid("roles", zh: $"{UnitDescriptionInChinese(kind)}的账号不能担任“{ChineseNames.Of(role)}”角色",
                    en: $"The role '{RoleNames.Of(role)}' cannot be held at {UnitDescription(kind)}.");
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

    private static string UnitDescription(UnitKind? kind) => kind is null ? "no unit" : $"a unit of kind {kind}";

    private static string UnitDescriptionInChinese(UnitKind? kind) => kind switch
    {
        null => "不属于任何单位",
        UnitKind.Township => "乡镇",
        UnitKind.Department => "部门",
        UnitKind.CountyOffice => "县两办",
        _ => "上级机关",
    };
}
