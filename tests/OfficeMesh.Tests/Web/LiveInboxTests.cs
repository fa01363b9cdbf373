using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// The live inbox (待办): what lands in a unit's inbox shows on its open page without a reload, with a notice
/// naming it and the header's count going up. The web server checks case deadlines every two seconds
/// (WebFixture), so an urging the system sends on its own falls within the test.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LiveInboxTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    [Fact]
    public async Task An_urging_the_system_sends_on_its_own_appears_in_the_lead_units_open_inbox_with_a_notice_and_the_count_going_up()
    {
        var township = await web.TownshipAsync("文昌镇");
        var supervisor = await SupervisorAsync(township);
        var page = await web.SignedInPageAsync(township.Officer);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待办" })).ToBeVisibleAsync();
        await Expect(page.GetByText("暂无待办事项")).ToBeVisibleAsync();
        await Expect(Bell(page)).ToHaveAttributeAsync("aria-label", "待办 0 项");
        await page.EvaluateAsync("() => window.openedOnce = true");

        // Due in 24 s: the system urges at three quarters of the time (18 s), on its next deadline check.
        (await supervisor.PostAsync("/api/v1/cases", new
        {
            title = "文昌镇人居环境整治督办", description = "限期完成整治", source = "assigned", leadUnit = township.Code,
            dueAt = DateTimeOffset.UtcNow.AddSeconds(24),
        })).AssertStatus(HttpStatusCode.Created);

        var caseEntry = page.Locator("li.entry").Filter(new() { HasText = "督办件" });
        await Expect(caseEntry.GetByText("文昌镇人居环境整治督办")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(Bell(page)).ToHaveAttributeAsync("aria-label", "待办 1 项");

        var urging = page.Locator("li.entry").Filter(new() { HasText = "催办" });
        await Expect(urging.GetByText("文昌镇人居环境整治督办")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        var notice = page.Locator(".ant-notification-notice").Filter(new() { HasText = "收到新的待办：催办" });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("文昌镇人居环境整治督办");
        await Expect(Bell(page)).ToHaveAttributeAsync("aria-label", "待办 2 项");
        await Expect(page.Locator(".header-bell .header-count")).ToContainTextAsync("2");
        await Expect(page.Locator(".count-card").Filter(new() { HasText = "全部待办" })).ToContainTextAsync("2");
        Assert.True(await page.EvaluateAsync<bool>("() => window.openedOnce === true"), "The page was reloaded.");
    }

    [Fact]
    public async Task A_returned_item_appears_live_for_its_officer_on_any_page_within_two_seconds()
    {
        var township = await web.TownshipAsync("石林镇");
        var editor = await web.EditorAsync(township);
        var itemId = (await township.OfficerApi.PostAsync("/api/v1/items", new { title = "石林镇茶园春管进展", body = "全镇茶园春管已完成八成。", topic = "focus", kind = "dynamic" }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var page = await web.SignedInPageAsync(township.Officer);
        await Expect(page.GetByText("暂无待办事项")).ToBeVisibleAsync();
        await Expect(Bell(page)).ToHaveAttributeAsync("aria-label", "待办 0 项");
        // The header counts on every page, not only at home.
        await page.GetByRole(AriaRole.Link, new() { Name = "报送信息" }).ClickAsync();
        await Expect(page.GetByLabel("标题")).ToBeVisibleAsync();

        (await editor.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "return", comment = "请补充茶叶产量" })).AssertStatus(HttpStatusCode.OK);

        var notice = page.Locator(".ant-notification-notice").Filter(new() { HasText = "收到新的待办：退回修改的信息" });
        await Expect(notice).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Expect(notice).ToContainTextAsync("石林镇茶园春管进展");
        await Expect(Bell(page)).ToHaveAttributeAsync("aria-label", "待办 1 项", new() { Timeout = 2_000 });

        await Bell(page).ClickAsync();
        var returned = page.Locator("li.entry").Filter(new() { HasText = "石林镇茶园春管进展" });
        await Expect(returned).ToContainTextAsync("退回修改的信息");
        await Expect(returned).ToContainTextAsync("新");
    }

    private static ILocator Bell(IPage page) => page.Locator("a.header-bell");

    /// <summary>A supervision office (督查室) account of the township's county.</summary>
    private async Task<ApiClient> SupervisorAsync(Township township)
    {
        var admin = await web.Anonymous.SignInAsync("admin", WebFixture.AdminPassword);
        var username = Unique.Code("supervisor");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = WebFixture.Password, unitCode = township.County, roles = new[] { "supervisor" } }))
            .AssertStatus(HttpStatusCode.Created);
        return await web.Anonymous.SignInAsync(username, WebFixture.Password);
    }
}
