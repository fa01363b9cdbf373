using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    [Fact]
    public async Task Signing_in_shows_the_units_inbox_with_its_name_the_person_and_roles_in_Chinese()
    {
        var township = await web.TownshipAsync("千岛湖镇");
        var page = await web.SignedInPageAsync(township.Officer);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待办" })).ToBeVisibleAsync();
        await Expect(page.Locator(".shell-header")).ToContainTextAsync("千岛湖镇");
        await Expect(page.Locator(".shell-header")).ToContainTextAsync(township.Officer);
        await Expect(page.Locator(".shell-header")).ToContainTextAsync("信息员");
        await Expect(page.GetByText("全部待办")).ToBeVisibleAsync();
        // An officer's menu: reporting, not administration.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "报送信息" })).ToBeVisibleAsync();
        await Expect(page.GetByText("系统管理")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_Chinese_and_the_page_stays()
    {
        var township = await web.TownshipAsync();
        var page = await web.NewPageAsync();
        await page.GotoAsync("/");

        await Expect(page.GetByText("请先登录。")).ToBeVisibleAsync();
        await page.GetByLabel("用户名").FillAsync(township.Officer);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "用户名或密码错误" })).ToBeVisibleAsync();
        Assert.Contains("/login", page.Url);
    }
}
