namespace OfficeMesh.Web.Services;

/// <summary>One entry of the side menu, shown to accounts with any of its roles.</summary>
public sealed record MenuEntry(string Title, string Href, IReadOnlyList<string> Roles, bool NeedsUnit = false);

/// <summary>A workspace (工作台) of the side menu and its pages.</summary>
public sealed record Workspace(string Title, IReadOnlyList<MenuEntry> Entries);

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
        new("工作台",
        [
            new("领导驾驶舱", "leader", ["leader"]),
            new("待办", "", UnitAccounts, NeedsUnit: true),
        ]),
        new("信息报送",
        [
            new("报送信息", "information/submit", ["unit-officer"]),
            new("我的信息", "information/mine", ["unit-officer"]),
            new("待审", "information/review", ["info-editor"]),
            new("全部信息", "information/items", ["info-editor", "leader"]),
            new("信息期刊", "information/periodicals", ["info-editor", "leader"]),
            new("通报", "information/notices", ["info-editor"]),
            new("考核", "information/scores", ["info-editor", "leader", "unit-officer"]),
        ]),
        new("值班室",
        [
            new("紧急信息看板", "duty/board", ["duty", "info-editor"]),
        ]),
        new("督查督办",
        [
            new("督办台账", "supervision/cases", ["supervisor", "leader"]),
            new("立项督办", "supervision/cases/new", ["supervisor"]),
            new("批示件", "supervision/instructions", ["supervisor"]),
            new("我的督办件", "supervision/mine", ["unit-officer"]),
        ]),
        new("协调会商",
        [
            new("协调会商", "coordination", ["unit-officer", "info-editor", "supervisor", "duty", "leader"], NeedsUnit: true),
        ]),
        new("上级机关",
        [
            new("上报信息", "upper/inbox", ["upper-liaison"]),
        ]),
        new("系统管理",
        [
            new("单位管理", "admin/units", ["admin"]),
            new("账号管理", "admin/accounts", ["admin"]),
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
