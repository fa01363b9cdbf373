using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// 领导驾驶舱 as a county leader sees it: their instruction's case, once closed with a result, shows the
/// result on their page (果必报); today's emergencies and the charts are there; the chart library is
/// fetched for this page, never for the sign-in page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LeaderPageTests(WebFixture web) : IAsyncDisposable
{
    private const string ItemTitle = "文昌镇渡口节假日超载隐患";
    private const string Result = "已增派执法人员驻守渡口，实行限载售票，隐患已消除。";

    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    [Fact]
    public async Task A_leaders_instruction_shows_on_their_page_with_the_result_once_its_case_is_closed()
    {
        var county = await SectionCounty.CreateAsync(web);
        var admin = await web.Anonymous.SignInAsync("admin", WebFixture.AdminPassword);
        string leader = Unique.Code("leader"), supervisor = Unique.Code("super");
        foreach (var (username, role) in new[] { (leader, "leader"), (supervisor, "supervisor") })
            (await admin.PostAsync("/api/v1/accounts", new { username, password = WebFixture.Password, unitCode = county.County, roles = new[] { role } }))
                .AssertStatus(HttpStatusCode.Created);
        // A third unit: the month's score chart has a bar for each unit of the county (ECharts once failed on three).
        (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("jtj"), name = "县交通运输局", kind = "department", parentCode = county.County }))
            .AssertStatus(HttpStatusCode.Created);
        var leaderApi = await web.Anonymous.SignInAsync(leader, WebFixture.Password);
        var supervisorApi = await web.Anonymous.SignInAsync(supervisor, WebFixture.Password);

        // The steps before the page: an item, the leader's instruction opening a case, an emergency today.
        var itemId = (await county.OfficerApi.PostAsync("/api/v1/items", new { title = ItemTitle, body = "节假日渡口客流激增。", topic = "difficulty", kind = "problem" }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var caseId = (await leaderApi.PostAsync($"/api/v1/items/{itemId}/instructions", new
        {
            leader = "县长", level = "county", text = "交通、公安部门要密切配合，采取有效措施。",
            openCase = new { leadUnit = county.Town, dueAt = DateTimeOffset.UtcNow.AddDays(10) },
        })).AssertStatus(HttpStatusCode.OK).Json!["instructions"]![0]!["caseId"]!.GetValue<string>();
        (await county.OfficerApi.PostAsync("/api/v1/items", new
        {
            title = "千岛湖镇一民房发生火情", body = "无人员伤亡。", topic = "hot", kind = "emergency", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-15),
        })).AssertStatus(HttpStatusCode.Created);

        // The sign-in page does not download the chart library; the leader's page does.
        var page = await web.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.GotoAsync("/login");
        await Expect(page.GetByLabel("用户名")).ToBeVisibleAsync();
        Assert.DoesNotContain(requested, url => url.Contains("echarts", StringComparison.OrdinalIgnoreCase));
        await page.GetByLabel("用户名").FillAsync(leader);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(WebFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登 录" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ClickAsync();

        // A leader starts at their page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "领导驾驶舱", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith("/leader", page.Url);
        var mine = page.GetByRole(AriaRole.Region, new() { Name = "我的批示办理情况" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = ItemTitle });
        await Expect(mine).ToContainTextAsync("办理中");
        await Expect(mine).ToContainTextAsync("绿灯");
        await Expect(mine).ToContainTextAsync("县长 批示");
        await Expect(mine).ToContainTextAsync("千岛湖镇");
        await Expect(mine).Not.ToContainTextAsync("办理结果");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "今日紧急信息" })).ToContainTextAsync("千岛湖镇一民房发生火情");
        await Expect(page.Locator("[data-chart=lights] svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart=scores] svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart=scores]")).ToContainTextAsync("千岛湖镇");
        await Expect(page.Locator("[data-chart=lights]")).ToContainTextAsync("绿灯  1 件");
        // Drawn in the page's font: its whole family list, quoted names included, is in the drawing's text styles.
        const string Families = "value => value.replace(/[\"' ]/g, '')";
        Assert.Equal(await page.Locator("body").EvaluateAsync<string>($"body => ({Families})(getComputedStyle(body).fontFamily)"),
            await page.Locator("[data-chart=scores] svg text").First.EvaluateAsync<string>(
                $"text => ({Families})(/font-family:([^;]*)/.exec(text.getAttribute('style') ?? '')?.[1] ?? '')"));
        // Drawn without an error on the page (页面出错了), a bar for each unit of the county (two of them at 0 points).
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Expect(page.Locator("[data-chart=scores] svg path")).Not.ToHaveCountAsync(0);
        Assert.Contains(requested, url => url.EndsWith("/_content/Vizor.ECharts/js/vizor-echarts-bundle-min.js", StringComparison.Ordinal));
        Assert.All(requested, url => Assert.StartsWith(web.Address.ToString(), url));

        // The township reports the result and the supervision office closes the case: the leader sees the result.
        (await county.OfficerApi.PostAsync($"/api/v1/cases/{caseId}/result", new { text = Result })).AssertStatus(HttpStatusCode.OK);
        (await supervisorApi.PostAsync($"/api/v1/cases/{caseId}/close", new { })).AssertStatus(HttpStatusCode.OK);
        await page.ReloadAsync();
        await Expect(mine).ToContainTextAsync("已办结");
        await Expect(mine).ToContainTextAsync($"办理结果：{Result}");
        await Expect(page.Locator(".count-card").Filter(new() { HasText = "批示已办结" }).Locator(".count-value")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task The_charts_follow_the_windows_width_and_one_that_cannot_be_drawn_says_so_while_the_page_stands()
    {
        var county = await SectionCounty.CreateAsync(web);
        var admin = await web.Anonymous.SignInAsync("admin", WebFixture.AdminPassword);
        var leader = Unique.Code("leader");
        (await admin.PostAsync("/api/v1/accounts", new { username = leader, password = WebFixture.Password, unitCode = county.County, roles = new[] { "leader" } }))
            .AssertStatus(HttpStatusCode.Created);
        // Today's emergency, and a case opened on the leader's instruction: both charts have figures.
        var itemId = (await county.OfficerApi.PostAsync("/api/v1/items", new
        {
            title = "千岛湖镇一民房发生火情", body = "无人员伤亡。", topic = "hot", kind = "emergency", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-15),
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var leaderApi = await web.Anonymous.SignInAsync(leader, WebFixture.Password);
        (await leaderApi.PostAsync($"/api/v1/items/{itemId}/instructions", new
        {
            leader = "县长", level = "county", text = "妥善安置受灾群众，查明起火原因。",
            openCase = new { leadUnit = county.Town, dueAt = DateTimeOffset.UtcNow.AddDays(10) },
        })).AssertStatus(HttpStatusCode.OK);

        // Drawn at the box's width, and drawn again at the new width when the window narrows.
        var page = await web.NewPageAsync();
        await WebFixture.SignInAsync(page, leader);
        var scores = page.Locator("[data-chart=scores]");
        await Expect(scores.Locator("svg")).ToBeVisibleAsync();
        const string FitsItsBox = "name => { const box = document.querySelector(`[data-chart=${name}]`); const svg = box?.querySelector('svg'); "
            + "return !!svg && Number(svg.getAttribute('width')) === box.clientWidth; }";
        await page.WaitForFunctionAsync(FitsItsBox, "scores");
        var wide = await scores.EvaluateAsync<double>("box => box.clientWidth");
        await page.SetViewportSizeAsync(1000, 800);
        await page.WaitForFunctionAsync($"([name, wide]) => ({FitsItsBox})(name) && document.querySelector(`[data-chart=${{name}}]`).clientWidth < wide",
            new object[] { "scores", wide });
        await Expect(scores).ToContainTextAsync("千岛湖镇");

        // Without the chart library (it cannot be fetched), each chart's box says so; the figures and lists stand.
        var cut = await web.NewPageAsync();
        await cut.RouteAsync("**/vizor-echarts-bundle-min.js", route => route.AbortAsync());
        await WebFixture.SignInAsync(cut, leader);
        await Expect(cut.Locator("[data-chart=lights]")).ToContainTextAsync("图表未能加载");
        await Expect(cut.Locator("[data-chart=scores]")).ToContainTextAsync("图表未能加载");
        await Expect(cut.GetByRole(AriaRole.Region, new() { Name = "今日紧急信息" })).ToContainTextAsync("千岛湖镇一民房发生火情");
        await Expect(cut.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }
}
