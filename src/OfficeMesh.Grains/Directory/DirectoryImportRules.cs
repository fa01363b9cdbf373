using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

/// <summary>What a workbook would create, in creation order (parents before children), or why it cannot.</summary>
public sealed record ImportPlan(IReadOnlyList<UnitRegistration> Units, IReadOnlyList<AccountRegistration> Accounts, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Checks a directory workbook (sheets 单位 and 账号) cell by cell against the rules of <see cref="UnitTreeRules"/>
/// and <see cref="AccountRules"/>, against itself (a code twice, a parent further down the sheet) and against
/// what already exists. Every problem names its sheet, row and column in Chinese.
/// </summary>
public static partial class DirectoryImportRules
{
    public const string UnitSheet = "单位", AccountSheet = "账号";
    public const string CodeColumn = "代码", NameColumn = "名称", KindColumn = "类型", ParentColumn = "上级代码";
    public const string UsernameColumn = "用户名", UnitColumn = "单位代码", RolesColumn = "角色", DisplayNameColumn = "姓名", MobileColumn = "手机";
    public const int MaxRows = 5_000;

    private static readonly Dictionary<string, (UnitKind Kind, UpperLevel? Level)> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["township"] = (UnitKind.Township, null), ["乡镇"] = (UnitKind.Township, null), ["街道"] = (UnitKind.Township, null),
        ["department"] = (UnitKind.Department, null), ["部门"] = (UnitKind.Department, null),
        ["county-office"] = (UnitKind.CountyOffice, null), ["县级办公室"] = (UnitKind.CountyOffice, null), ["县两办"] = (UnitKind.CountyOffice, null),
        ["upper-office"] = (UnitKind.UpperOffice, UpperLevel.City), ["上级机关"] = (UnitKind.UpperOffice, UpperLevel.City),
        ["市级机关"] = (UnitKind.UpperOffice, UpperLevel.City), ["省级机关"] = (UnitKind.UpperOffice, UpperLevel.Province),
    };

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex("[、,，;；\\s]+")]
    private static partial Regex RoleSeparator();

    public static ImportPlan Check(IReadOnlyList<ImportUnitRow> unitRows, IReadOnlyList<ImportAccountRow> accountRows,
        IReadOnlyDictionary<string, Unit> existingUnits, IReadOnlySet<string> existingAccounts, Func<string> newPassword)
    {
        var problems = new List<ImportProblem>();
        if (unitRows.Count > MaxRows)
            problems.Add(new(UnitSheet, 1, CodeColumn, $"单位表最多{MaxRows}行"));
        if (accountRows.Count > MaxRows)
            problems.Add(new(AccountSheet, 1, UsernameColumn, $"账号表最多{MaxRows}行"));
        if (problems.Count > 0)
            return new ImportPlan([], [], problems);

        var units = CheckUnits(unitRows, existingUnits, problems);
        var accounts = CheckAccounts(accountRows, existingUnits, units, existingAccounts, newPassword, problems);
        var ordered = units.Values.Where(unit => unit.Valid).Select(unit => unit.Registration!).OrderBy(Depth).ToList();
        return new ImportPlan(ordered, accounts, problems);
    }

    private sealed record UnitLine(ImportUnitRow Row, UnitRegistration? Registration, bool Valid);

    private static Dictionary<string, UnitLine> CheckUnits(IReadOnlyList<ImportUnitRow> rows, IReadOnlyDictionary<string, Unit> existing, List<ImportProblem> problems)
    {
        var lines = new Dictionary<string, UnitLine>(StringComparer.Ordinal);
        var shaped = new List<UnitLine>();
        foreach (var row in rows)
        {
            void Problem(string column, string message) => problems.Add(new(UnitSheet, row.Row, column, message));
            var before = problems.Count;
            var code = row.Code?.Trim();
            if (string.IsNullOrEmpty(code))
                Problem(CodeColumn, "代码不能为空");
            else if (lines.TryGetValue(code, out var first))
                Problem(CodeColumn, $"代码“{code}”已在第{first.Row.Row}行出现");
            else if (existing.ContainsKey(code))
                Problem(CodeColumn, $"单位代码“{code}”已被使用");
            if (string.IsNullOrWhiteSpace(row.Name))
                Problem(NameColumn, "名称不能为空");
            (UnitKind Kind, UpperLevel? Level) kind = default;
            if (string.IsNullOrWhiteSpace(row.Kind))
                Problem(KindColumn, "类型不能为空");
            else if (!Kinds.TryGetValue(row.Kind.Trim(), out kind))
                Problem(KindColumn, $"类型“{row.Kind.Trim()}”无效，可填：乡镇、部门、县级办公室、上级机关（市级）、省级机关，或 township、department、county-office、upper-office");
            var parent = string.IsNullOrWhiteSpace(row.ParentCode) ? null : row.ParentCode.Trim();

            UnitRegistration? registration = null;
            if (problems.Count == before)
            {
                registration = new UnitRegistration(code!, row.Name!.Trim(), kind.Kind, parent, kind.Level, false);
                if (Broken(() => UnitTreeRules.ValidateShape(registration)) is { } broken)
                    Problem(UnitColumnOf(broken.Field), broken.Message);
            }
            var line = new UnitLine(row, registration, problems.Count == before);
            if (!string.IsNullOrEmpty(code))
                lines.TryAdd(code, line);
            shaped.Add(line);
        }

        // Parents once every row is known: a parent may stand further down the sheet.
        foreach (var line in shaped.Where(line => line.Valid && line.Registration!.ParentCode is not null))
        {
            var parentCode = line.Registration!.ParentCode!;
            Unit? parent = existing.GetValueOrDefault(parentCode);
            if (parent is null && lines.TryGetValue(parentCode, out var parentLine))
            {
                if (!parentLine.Valid)
                    continue;
                parent = AsUnit(parentLine.Registration!);
            }
            if (Broken(() => UnitTreeRules.ValidateParent(line.Registration, parent)) is { } broken)
            {
                problems.Add(new(UnitSheet, line.Row.Row, ParentColumn, broken.Message));
                lines[line.Registration.Code] = line with { Valid = false };
            }
        }
        return lines;
    }

    private static List<AccountRegistration> CheckAccounts(IReadOnlyList<ImportAccountRow> rows, IReadOnlyDictionary<string, Unit> existingUnits,
        IReadOnlyDictionary<string, UnitLine> sheetUnits, IReadOnlySet<string> existingAccounts, Func<string> newPassword, List<ImportProblem> problems)
    {
        var accounts = new List<AccountRegistration>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            void Problem(string column, string message) => problems.Add(new(AccountSheet, row.Row, column, message));
            var before = problems.Count;
            var username = row.Username?.Trim();
            if (string.IsNullOrEmpty(username))
                Problem(UsernameColumn, "用户名不能为空");
            else if (seen.TryGetValue(username, out var firstRow))
                Problem(UsernameColumn, $"用户名“{username}”已在第{firstRow}行出现");
            else if (existingAccounts.Contains(username))
                Problem(UsernameColumn, $"用户名“{username}”已被使用");
            if (!string.IsNullOrEmpty(username))
                seen.TryAdd(username, row.Row);

            var unitCode = string.IsNullOrWhiteSpace(row.UnitCode) ? null : row.UnitCode.Trim();
            Unit? unit = null;
            var unitKnown = true;
            if (unitCode is not null)
            {
                unit = existingUnits.GetValueOrDefault(unitCode);
                if (unit is null && sheetUnits.TryGetValue(unitCode, out var line))
                {
                    unit = line.Valid ? AsUnit(line.Registration!) : null;
                    unitKnown = line.Valid;
                }
                else if (unit is null)
                {
                    Problem(UnitColumn, $"单位“{unitCode}”不存在，也不在单位表中");
                }
            }

            var roles = new List<Role>();
            if (string.IsNullOrWhiteSpace(row.Roles))
                Problem(RolesColumn, "角色不能为空");
            else
            {
                foreach (var name in RoleSeparator().Split(row.Roles.Trim()).Where(name => name.Length > 0))
                {
                    if (RoleOf(name) is { } role)
                        roles.Add(role);
                    else
                        Problem(RolesColumn, $"角色“{name}”无效，可填：{string.Join("、", Enum.GetValues<Role>().Select(ChineseNames.Of))}，或 {string.Join("、", Enum.GetValues<Role>().Select(RoleNames.Of))}");
                }
            }
            if (row.DisplayName is { } displayName && displayName.Trim().Length > AccountRules.MaxDisplayNameLength)
                Problem(DisplayNameColumn, $"姓名不能超过{AccountRules.MaxDisplayNameLength}个字");
            if (!string.IsNullOrWhiteSpace(row.Mobile) && !MobilePattern().IsMatch(row.Mobile.Trim()))
                Problem(MobileColumn, $"手机号码“{row.Mobile.Trim()}”须为11位手机号");
            if (problems.Count != before || !unitKnown)
                continue;

            var registration = new AccountRegistration(username!, newPassword(), unitCode, roles.Distinct().ToList(),
                string.IsNullOrWhiteSpace(row.DisplayName) ? null : row.DisplayName.Trim(), string.IsNullOrWhiteSpace(row.Mobile) ? null : row.Mobile.Trim());
            var broken = Broken(() => AccountRules.ValidateShape(registration)) ?? Broken(() => AccountRules.ValidateRolesFor(registration.Roles, unit));
            if (broken is not null)
                Problem(broken.Field switch { "username" => UsernameColumn, "unitCode" => UnitColumn, _ => RolesColumn }, broken.Message);
            else
                accounts.Add(registration);
        }
        return accounts;
    }

    /// <summary>A first password: 14 characters with no look-alikes (0/O, 1/l/I).</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 14);

    private static Role? RoleOf(string name)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            if (string.Equals(RoleNames.Of(role), name, StringComparison.OrdinalIgnoreCase) || ChineseNames.Of(role) == name)
                return role;
        }
        return null;
    }

    /// <summary>How far below the top a unit stands: provinces 0, cities 1, county offices 2, townships and departments 3.</summary>
    public static int Depth(UnitRegistration unit) => unit.Kind switch
    {
        UnitKind.UpperOffice => unit.Level == UpperLevel.Province ? 0 : 1,
        UnitKind.CountyOffice => 2,
        _ => 3,
    };

    private static Unit AsUnit(UnitRegistration registration) => new(registration.Code, registration.Name, registration.Kind, registration.ParentCode,
        registration.Level, registration.DirectReporting, null, DateTimeOffset.MinValue);

    private static string UnitColumnOf(string? field) => field switch
    {
        "code" => CodeColumn,
        "name" => NameColumn,
        "parentCode" => ParentColumn,
        _ => KindColumn,
    };

    private sealed record BrokenRule(string? Field, string Message);

    /// <summary>The field and Chinese message of the rule <paramref name="check"/> broke, or null.</summary>
    private static BrokenRule? Broken(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (DomainException broken)
        {
            return new BrokenRule(broken.Field, broken.MessageIn(Language.Chinese));
        }
    }
}
