using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>A township's information officer (信息员) at work: submitting, failures, revising, follow-ups, a phone.</summary>
[Collection(WebCollection.Name)]
public sealed class OfficerTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    [Fact]
    public async Task A_submission_whose_first_send_fails_is_kept_and_sent_again_under_the_same_key_creating_one_item()
    {
        var township = await web.TownshipAsync();
        var page = await web.SignedInPageAsync(township.Officer);
        var keys = new List<string>();
        await page.RouteAsync("**/api/v1/items", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (keys.Count == 1)
                await route.AbortAsync("connectionreset");
            else
                await route.ContinueAsync();
        });

        await page.GetByRole(AriaRole.Link, new() { Name = "报送信息" }).ClickAsync();
        await page.GetByLabel("标题").FillAsync("千岛湖镇启动森林防火专项行动");
        await page.GetByRole(AriaRole.Radio, new() { Name = "动态" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "重点" }).CheckAsync();
        await page.GetByLabel("正文").FillAsync("组织12支巡护队伍开展隐患排查。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "发送失败" })).ToBeVisibleAsync();
        // A reload (or a new sign-in) keeps what was typed: the draft lives in the tab's storage.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("标题")).ToHaveValueAsync("千岛湖镇启动森林防火专项行动");
        await Expect(page.GetByLabel("正文")).ToHaveValueAsync("组织12支巡护队伍开展隐患排查。");
        await page.GetByRole(AriaRole.Button, new() { Name = "重新提交" }).ClickAsync();

        await Expect(page.GetByText("已报送，请等待信息科审核。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "千岛湖镇启动森林防火专项行动" })).ToBeVisibleAsync();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        var items = (await township.OfficerApi.GetAsync("/api/v1/items")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Single(items, item => item!["title"]!.GetValue<string>() == "千岛湖镇启动森林防火专项行动");
    }

    [Fact]
    public async Task Emergency_fields_appear_for_an_emergency_and_the_servers_refusal_shows_beside_its_field()
    {
        var township = await web.TownshipAsync();
        var page = await web.SignedInPageAsync(township.Officer);
        await page.GotoAsync("/information/submit");

        await Expect(page.GetByLabel("电话报告时间")).ToHaveCountAsync(0);
        await page.GetByLabel("标题").FillAsync("排岭路发生道路塌陷");
        await page.GetByRole(AriaRole.Radio, new() { Name = "紧急" }).CheckAsync();
        await Expect(page.GetByLabel("电话报告时间")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "热点" }).CheckAsync();
        await page.GetByLabel("正文").FillAsync("路面塌陷约6平方米，无人员伤亡。");
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1);
        await page.GetByLabel("事发时间").FillAsync(tomorrow.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        // The server judges a time in the future; its message stands under the field, in Chinese.
        var message = page.Locator("#occurredAt-error");
        await Expect(message).ToBeVisibleAsync();
        await Expect(message).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("[\u4e00-\u9fff]"));
        Assert.Contains("/information/submit", page.Url);
        var items = (await township.OfficerApi.GetAsync("/api/v1/items")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Empty(items);

        await page.GetByLabel("事发时间").FillAsync(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByText("按时报送")).ToBeVisibleAsync();

        // 续报: numbered follow-ups on the emergency.
        await page.GetByLabel("续报一内容").FillAsync("塌陷路段已完成回填。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交续报" }).ClickAsync();
        await Expect(page.GetByText("塌陷路段已完成回填。").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("续报二内容")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_returned_item_is_revised_with_the_editors_comment_in_view_and_its_history_is_a_timeline()
    {
        var township = await web.TownshipAsync();
        var editor = await web.EditorAsync(township);
        var id = (await township.OfficerApi.PostAsync("/api/v1/items", new { title = "农村生活污水治理设施运维调研", body = "现有处理终端46个。", topic = "difficulty", kind = "problem" }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var reviewed = (await editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "return", comment = "请补充运维资金缺口的具体数字。" }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        // Shown in China time although this browser is in California.
        var returnedAt = DateTimeOffset.Parse(reviewed["reviews"]![0]!["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            .ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

        var page = await web.SignedInPageAsync(township.Officer);
        await Expect(page.GetByText("退回修改的信息").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "农村生活污水治理设施运维调研" }).ClickAsync();
        await Expect(page.GetByText("请补充运维资金缺口的具体数字。").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "修改后重新报送" }).ClickAsync();

        await Expect(page.GetByText("信息科的修改意见")).ToBeVisibleAsync();
        await Expect(page.Locator(".editor-comment")).ToContainTextAsync(returnedAt);
        await Expect(page.GetByText("请补充运维资金缺口的具体数字。").First).ToBeVisibleAsync();
        await page.GetByLabel("正文").FillAsync("现有处理终端46个，年运维资金缺口约120万元。");
        await page.GetByRole(AriaRole.Button, new() { Name = "重新报送" }).ClickAsync();

        await Expect(page.GetByText("已报送，请等待信息科审核。")).ToBeVisibleAsync();
        await Expect(page.GetByText("年运维资金缺口约120万元").First).ToBeVisibleAsync();
        var timeline = page.Locator(".ant-timeline");
        await Expect(timeline).ToContainTextAsync("报送");
        await Expect(timeline).ToContainTextAsync("退回修改");
        await Expect(timeline).ToContainTextAsync("修改后重新报送");
        await Expect(timeline).ToContainTextAsync("请补充运维资金缺口的具体数字。");
    }

    [Fact]
    public async Task The_officers_pages_fit_a_390_by_844_phone_without_sideways_scrolling()
    {
        var township = await web.TownshipAsync();
        var id = (await township.OfficerApi.PostAsync("/api/v1/items", new
        {
            title = "千岛湖镇排岭路发生一起道路塌陷，现场已设置围挡并疏导交通，无人员伤亡",
            body = "今日上午9时许，排岭路中段发生道路塌陷。",
            topic = "hot",
            kind = "emergency",
            occurredAt = DateTimeOffset.UtcNow.AddMinutes(-20),
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var page = await web.SignedInPageAsync(township.Officer, width: 390, height: 844);

        async Task AssertFits(string what)
        {
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scrollWidth, clientWidth) = (widths[0], widths[1]);
            Assert.True(scrollWidth <= clientWidth, $"{what} scrolls sideways at 390 px: {scrollWidth} > {clientWidth}");
        }

        await Expect(page.GetByText("全部待办")).ToBeVisibleAsync();
        // The side menu is folded away behind its button.
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "菜单" });
        await Expect(menu).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的信息" })).Not.ToBeInViewportAsync();
        await AssertFits("待办");

        await page.GotoAsync("/information/submit");
        await page.GetByRole(AriaRole.Radio, new() { Name = "紧急" }).CheckAsync();
        await Expect(page.GetByLabel("电话报告时间")).ToBeVisibleAsync();
        await AssertFits("报送信息");

        await page.GotoAsync("/information/mine");
        await Expect(page.GetByText("报送于").First).ToBeVisibleAsync();
        await AssertFits("我的信息");

        await page.GotoAsync($"/information/items/{id}");
        await Expect(page.GetByText("办理过程")).ToBeVisibleAsync();
        await AssertFits("信息详情");

        // The menu is one tap away.
        await menu.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的信息" })).ToBeInViewportAsync();
        // The same button, still in view beside the open menu (on top where it is drawn, nothing scrolled to it), folds it away again.
        Assert.True(await menu.EvaluateAsync<bool>("button => { const box = button.getBoundingClientRect(); " +
            "return button.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)); }"), "The menu's button is hidden while the menu is open.");
        await menu.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的信息" })).Not.ToBeInViewportAsync();
        await menu.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的信息" })).ToBeInViewportAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "我的信息" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的信息" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "我的信息" })).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task A_revoked_sign_in_leads_back_to_the_sign_in_page_with_a_message_and_then_to_the_page_the_person_was_on()
    {
        var township = await web.TownshipAsync();
        var page = await web.SignedInPageAsync(township.Officer);
        await page.GotoAsync("/information/mine");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的信息" })).ToBeVisibleAsync();

        // The token stops being valid (revoked, or signed by a key the server no longer has).
        await page.EvaluateAsync(@"() => {
            const key = 'officemesh.session';
            const session = JSON.parse(sessionStorage.getItem(key));
            session.accessToken = session.accessToken.slice(0, -4) + 'AAAA';
            sessionStorage.setItem(key, JSON.stringify(session));
        }");
        await page.ReloadAsync();

        await Expect(page.GetByText("登录已过期或已失效，请重新登录。")).ToBeVisibleAsync();
        Assert.Contains("/login", page.Url);
        await page.GetByLabel("用户名").FillAsync(township.Officer);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(WebFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的信息" })).ToBeVisibleAsync();
        Assert.EndsWith("/information/mine", page.Url);
    }
}
