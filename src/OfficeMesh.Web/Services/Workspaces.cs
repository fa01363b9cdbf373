namespace OfficeMesh.Web.Services;

/// <summary>One entry of the side menu, shown to accounts with any of its roles.</summary>
public sealed record MenuEntry(string Title, string Href, string Icon, IReadOnlyList<string> Roles, bool NeedsUnit = false);

/// <summary>A workspace (工作台) of the side menu and its pages.</summary>
public sealed record Workspace(string Key, string Title, string Icon, IReadOnlyList<MenuEntry> Entries);

/// <summary>
/// The side menu: every workspace and page, and the roles that may use each. The menu shows only
/// what the account's roles allow; the API still decides every call.
/// </summary>
public static class Workspaces
{
    private static readonly string[] UnitAccounts =
        ["unit-officer", "info-editor", "supervisor", "duty", "leader", "upper-liaison", "admin"];

    public static readonly IReadOnlyList<Workspace> All =
    [
        new("home", "工作台", "home",
        [
            new("领导驾驶舱", "leader", "dashboard", ["leader"]),
            new("待办", "", "inbox", UnitAccounts, NeedsUnit: true),
        ]),
        new("information", "信息报送", "file-text",
        [
            new("报送信息", "information/submit", "edit", ["unit-officer"]),
            new("我的信息", "information/mine", "profile", ["unit-officer"]),
            new("待审", "information/review", "audit", ["info-editor"]),
            new("全部信息", "information/items", "unordered-list", ["info-editor", "leader"]),
            new("信息期刊", "information/periodicals", "read", ["info-editor", "leader"]),
            new("通报", "information/notices", "notification", ["info-editor"]),
            new("考核", "information/scores", "bar-chart", ["info-editor", "leader", "unit-officer"]),
        ]),
        new("duty", "值班室", "alert",
        [
            new("紧急信息看板", "duty/board", "alert", ["duty", "info-editor"]),
        ]),
        new("supervision", "督查督办", "schedule",
        [
            new("督办台账", "supervision/cases", "schedule", ["supervisor", "leader"]),
            new("立项督办", "supervision/cases/new", "file-add", ["supervisor"]),
            new("批示件", "supervision/instructions", "highlight", ["supervisor"]),
            new("我的督办件", "supervision/mine", "carry-out", ["unit-officer"]),
        ]),
        new("coordination", "协调会商", "team",
        [
            new("协调会商", "coordination", "team", ["unit-officer", "info-editor", "supervisor", "duty", "leader"], NeedsUnit: true),
        ]),
        new("upper", "上级机关", "bank",
        [
            new("上报信息", "upper/inbox", "bank", ["upper-liaison"]),
        ]),
        new("admin", "系统管理", "setting",
        [
            new("单位管理", "admin/units", "apartment", ["admin"]),
            new("账号管理", "admin/accounts", "team", ["admin"]),
        ]),
    ];

    /// <summary>The workspaces and entries this account may use.</summary>
    public static IReadOnlyList<Workspace> For(AuthState auth) =>
        All.Select(workspace => workspace with { Entries = workspace.Entries.Where(entry => Allows(auth, entry)).ToList() })
            .Where(workspace => workspace.Entries.Count > 0)
            .ToList();

    private static bool Allows(AuthState auth, MenuEntry entry) =>
        auth.HasAny(entry.Roles) && (!entry.NeedsUnit || auth.Current?.UnitCode is not null);
}
