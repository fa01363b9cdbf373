using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>系统管理: the administrator adds a township and its officer, who then signs in.</summary>
[Collection(WebCollection.Name)]
public sealed class AdminTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    [Fact]
    public async Task The_admin_creates_a_unit_and_an_account_who_then_signs_in_to_that_units_inbox()
    {
        var county = Unique.Code("county");
        var admin = await web.Anonymous.SignInAsync("admin", WebFixture.AdminPassword);
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        string town = Unique.Code("shilin"), username = Unique.Code("shilin-xxy");
        const string password = "Forest-fire-2026";

        var page = await web.SignedInPageAsync("admin", WebFixture.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "单位管理" })).ToBeVisibleAsync();
        await page.GetByLabel("单位代码", new() { Exact = true }).FillAsync(town);
        await page.GetByLabel("单位名称").FillAsync("石林镇");
        await page.GetByRole(AriaRole.Radio, new() { Name = "乡镇街道" }).CheckAsync();
        await page.GetByLabel("上级单位代码").FillAsync(county);
        await page.GetByRole(AriaRole.Button, new() { Name = "创建单位" }).ClickAsync();
        await Expect(page.GetByText("已创建单位“石林镇”")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "账号管理" }).ClickAsync();
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("初始密码").FillAsync(password);
        await page.GetByLabel("所属单位代码").FillAsync(town);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "信息员" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
        await Expect(page.GetByText($"已创建账号“{username}”")).ToBeVisibleAsync();

        var officer = await web.SignedInPageAsync(username, password);
        await Expect(officer.Locator(".shell-header")).ToContainTextAsync("石林镇");
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Name = "待办" })).ToBeVisibleAsync();
    }
}
