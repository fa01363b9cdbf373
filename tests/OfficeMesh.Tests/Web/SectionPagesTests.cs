using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// A county's information day as its people see it in the browser: the editor returns an item, accepts
/// the revision, publishes it in the periodical and forwards it; the city office records the adoption;
/// the duty room's board shows an emergency the moment it is submitted.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SectionPagesTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    private const string ItemTitle = "千岛湖镇国庆假期旅游接待情况";

    [Fact]
    public async Task An_item_goes_from_review_through_the_periodical_to_the_city_office()
    {
        var county = await SectionCounty.CreateAsync(web);
        var submitted = await county.OfficerApi.PostAsync("/api/v1/items", new
        {
            title = ItemTitle, body = "国庆期间全镇接待游客12.6万人次。", topic = "highlight", kind = "dynamic",
        });
        submitted.AssertStatus(HttpStatusCode.Created);
        var itemId = submitted.Json!["id"]!.GetValue<string>();

        // The editor finds it waiting in 待审 and returns it with a comment, in one step.
        var editor = await web.SignedInPageAsync(county.Editor);
        await editor.GetByRole(AriaRole.Link, new() { Name = "待审" }).ClickAsync();
        await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "待审", Level = 1 })).ToBeVisibleAsync();
        var queued = editor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = ItemTitle });
        await Expect(queued).ToContainTextAsync("千岛湖镇");
        await Expect(queued).ToContainTextAsync(new Regex("已等待 \\d+分钟"));
        await queued.GetByRole(AriaRole.Button, new() { Name = "审核此条" }).ClickAsync();
        await Expect(editor.GetByText("国庆期间全镇接待游客12.6万人次。")).ToBeVisibleAsync();
        await editor.GetByLabel("审核意见").FillAsync("请补充游客人数的同比变化。");
        await editor.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        await Expect(editor.GetByText("已退回修改")).ToBeVisibleAsync();
        await Expect(editor.Locator(".section-item").GetByText("退回修改：请补充游客人数的同比变化。")).ToBeVisibleAsync();

        // The township revises it (through the API here; the officer's pages have their own tests).
        (await county.OfficerApi.SendAsync(HttpMethod.Put, $"/api/v1/items/{itemId}", new
        {
            title = ItemTitle, body = "国庆期间全镇接待游客12.6万人次，同比增长8%。", topic = "highlight", kind = "dynamic",
        })).AssertStatus(HttpStatusCode.OK);

        // Back in the queue, the editor accepts it without writing anything more.
        await editor.ReloadAsync();
        await editor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = ItemTitle }).GetByRole(AriaRole.Button, new() { Name = "审核此条" }).ClickAsync();
        await Expect(editor.GetByText("同比增长8%", new() { Exact = false })).ToBeVisibleAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "予以采用" }).ClickAsync();
        await Expect(editor.Locator(".section-item")).ToContainTextAsync("已采用");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Close" }).Or(editor.Locator(".ant-drawer-close")).First.ClickAsync();
        await Expect(editor.GetByText("暂无待审信息")).ToBeVisibleAsync();

        // The editor composes the next issue of the periodical from it.
        await editor.GetByRole(AriaRole.Link, new() { Name = "信息期刊" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "编排新一期" }).ClickAsync();
        await editor.GetByLabel(ItemTitle).CheckAsync();
        await Expect(editor.GetByLabel("栏目")).ToHaveValueAsync("工作动态");
        await editor.GetByLabel("栏目").FillAsync("基层亮点");
        await editor.GetByLabel("期刊标题").FillAsync("淳安信息");
        await editor.GetByRole(AriaRole.Button, new() { Name = "发布本期" }).ClickAsync();
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        await Expect(editor.GetByRole(AriaRole.Heading, new() { Name = "淳安信息" })).ToBeVisibleAsync();
        await Expect(editor.Locator(".issue")).ToContainTextAsync($"{year}年第1期");
        await Expect(editor.GetByRole(AriaRole.Region, new() { Name = "基层亮点" })).ToContainTextAsync(ItemTitle);

        // From all items, the editor forwards it to the city.
        await editor.GetByRole(AriaRole.Link, new() { Name = "全部信息" }).ClickAsync();
        var row = editor.GetByRole(AriaRole.Row).Filter(new() { HasText = ItemTitle });
        await Expect(row).ToContainTextAsync("已刊发");
        await row.GetByText(ItemTitle).ClickAsync();
        await Expect(editor.Locator(".section-item")).ToContainTextAsync($"刊发于 {year}年第1期 · 栏目 基层亮点");
        await editor.GetByLabel("上报级别").SelectOptionAsync(new SelectOptionValue { Label = "市级" });
        await editor.GetByRole(AriaRole.Button, new() { Name = "确认上报" }).ClickAsync();
        await Expect(editor.Locator(".section-item")).ToContainTextAsync("已上报市级");

        // The city office finds it in its inbox and records the adoption at its own level.
        var liaison = await web.SignedInPageAsync(county.Liaison);
        await liaison.GetByRole(AriaRole.Link, new() { Name = "上报信息" }).ClickAsync();
        var forwarded = liaison.GetByRole(AriaRole.Listitem).Filter(new() { HasText = ItemTitle });
        await Expect(forwarded).ToContainTextAsync("千岛湖镇");
        await forwarded.GetByRole(AriaRole.Button, new() { Name = "查看并办理" }).ClickAsync();
        await Expect(liaison.GetByLabel("采用级别")).ToHaveValueAsync("市级");
        await liaison.GetByLabel("采用刊物").FillAsync("杭州信息第12期");
        await liaison.GetByRole(AriaRole.Button, new() { Name = "记录采用" }).ClickAsync();
        await Expect(liaison.Locator(".section-item")).ToContainTextAsync("市级采用 ·《杭州信息第12期》");

        var item = (await county.OfficerApi.GetAsync($"/api/v1/items/{itemId}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("city", item["adoptions"]![0]!["level"]!.GetValue<string>());
        await Screenshots.TakeAsync(liaison, "upper-inbox");
    }

    [Fact]
    public async Task The_duty_board_shows_a_late_emergency_within_two_seconds_with_a_sound_and_an_alert()
    {
        var county = await SectionCounty.CreateAsync(web);
        var duty = await web.SignedInPageAsync(county.Duty);
        await duty.GetByRole(AriaRole.Link, new() { Name = "紧急信息看板" }).ClickAsync();
        await Expect(duty.GetByRole(AriaRole.Status)).ToContainTextAsync("实时接收中");
        await Expect(duty.GetByText("暂无紧急信息")).ToBeVisibleAsync();

        var occurred = DateTimeOffset.UtcNow.AddHours(-3);
        (await county.OfficerApi.PostAsync("/api/v1/items", new
        {
            title = "淳安县千岛湖镇发生山体滑坡", body = "道路中断，无人员伤亡。", topic = "hot", kind = "emergency", occurredAt = occurred,
        })).AssertStatus(HttpStatusCode.Created);

        var arrived = duty.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "淳安县千岛湖镇发生山体滑坡" });
        await Expect(arrived).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Expect(arrived).ToContainTextAsync(new Regex("迟报 6\\d分钟"));
        await Expect(arrived).ToContainTextAsync("千岛湖镇");
        await Expect(duty.Locator(".ant-notification")).ToContainTextAsync("新紧急信息（迟报");
        Assert.Equal(1, await duty.EvaluateAsync<int>("() => window.officeMeshAlertSounds || 0"));
        await Screenshots.TakeAsync(duty, "duty-board");
    }

    [Fact]
    public async Task The_score_table_marks_a_township_with_no_points()
    {
        var county = await SectionCounty.CreateAsync(web);
        var accepted = await county.OfficerApi.PostAsync("/api/v1/items", new { title = "千岛湖镇垃圾分类经验", body = "做法三条。", topic = "focus", kind = "experience" });
        var editorApi = await county.EditorApiAsync(web);
        (await editorApi.PostAsync($"/api/v1/items/{accepted.Json!["id"]}/reviews", new { decision = "accept", comment = "好" })).AssertStatus(HttpStatusCode.OK);

        var editor = await web.SignedInPageAsync(county.Editor);
        await editor.GetByRole(AriaRole.Link, new() { Name = "考核" }).ClickAsync();
        var busy = editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "千岛湖镇" });
        var quiet = editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "汾口镇" });
        await Expect(busy).ToContainTextAsync("1");
        await Expect(busy).Not.ToContainTextAsync("零分");
        await Expect(quiet).ToContainTextAsync("零分");
        await Expect(quiet).ToHaveClassAsync(new Regex("score-zero"));
        await Expect(editor.Locator(".zero-card")).ToContainTextAsync("1");
        await Screenshots.TakeAsync(editor, "scores");
    }

    [Fact]
    public async Task All_items_filter_by_status_and_page_with_the_cursor()
    {
        var county = await SectionCounty.CreateAsync(web);
        var editorApi = await county.EditorApiAsync(web);
        for (var i = 1; i <= 53; i++)
        {
            var created = await county.OfficerApi.PostAsync("/api/v1/items", new { title = $"第{i:00}条工作动态", body = "正文。", topic = "focus", kind = "dynamic" });
            created.AssertStatus(HttpStatusCode.Created);
            if (i <= 2)
                (await editorApi.PostAsync($"/api/v1/items/{created.Json!["id"]}/reviews", new { decision = "reject", comment = "重复" })).AssertStatus(HttpStatusCode.OK);
        }

        var editor = await web.SignedInPageAsync(county.Editor);
        await editor.GotoAsync("/information/items");
        await Expect(editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "第53条工作动态" })).ToBeVisibleAsync();
        await Expect(editor.GetByText("第 1 页")).ToBeVisibleAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "下一页" }).ClickAsync();
        await Expect(editor.GetByText("第 2 页")).ToBeVisibleAsync();
        await Expect(editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "第01条工作动态" })).ToBeVisibleAsync();
        await Expect(editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "第53条工作动态" })).ToHaveCountAsync(0);

        await editor.GetByLabel("状态").SelectOptionAsync(new SelectOptionValue { Label = "不予采用" });
        await Expect(editor.GetByText("第 1 页")).ToBeVisibleAsync();
        await Expect(editor.GetByRole(AriaRole.Row).Filter(new() { HasText = "工作动态" })).ToHaveCountAsync(2);
        await Expect(editor.GetByRole(AriaRole.Button, new() { Name = "下一页" })).ToBeDisabledAsync();
        await Screenshots.TakeAsync(editor, "all-items");
    }

    [Fact]
    public async Task A_notice_with_key_points_reaches_the_townships()
    {
        var county = await SectionCounty.CreateAsync(web);
        var editor = await web.SignedInPageAsync(county.Editor);
        await editor.GetByRole(AriaRole.Link, new() { Name = "通报" }).ClickAsync();
        await editor.GetByLabel("通报标题").FillAsync("关于做好汛期信息报送的通报");
        await editor.GetByLabel("通报内容").FillAsync("请各乡镇加强汛期信息报送。");
        await editor.GetByLabel("报送要点").FillAsync("雨情水情\n地质灾害隐患点");
        await editor.GetByRole(AriaRole.Button, new() { Name = "发布通报" }).ClickAsync();
        var published = editor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "关于做好汛期信息报送的通报" }).First;
        await Expect(published).ToContainTextAsync("地质灾害隐患点");
        await Expect(published).ToContainTextAsync("发送：全县各单位");

        var notices = (await county.OfficerApi.GetAsync("/api/v1/notices")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Contains(notices, notice => notice!["title"]!.GetValue<string>() == "关于做好汛期信息报送的通报");
    }
}

/// <summary>Pages as PNG files when OFFICEMESH_SCREENSHOTS names a folder, at desktop size and at 390 × 844.</summary>
internal static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("OFFICEMESH_SCREENSHOTS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-phone.png"), FullPage = true });
        if (size is not null)
            await page.SetViewportSizeAsync(size.Width, size.Height);
    }
}
