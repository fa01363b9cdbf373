using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// The supervision office's day in the browser (督查督办): it opens a case in working days and sees the
/// date the work calendar gives; the lead unit reports progress and asks for more time, which the
/// office grants; a result is sent back once (退回重办) and the case closes after the second; a leader's
/// instruction waits in 批示件 until it becomes a case; the 督办通知单 downloads under its Chinese name.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SupervisionDayTests(WebFixture web) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => web.CloseTestPagesAsync();

    private const string CaseTitle = "千岛湖镇农村公路安全隐患整治";

    [Fact]
    public async Task A_case_opened_in_working_days_is_extended_returned_once_and_closed()
    {
        var county = await SupervisionCounty.CreateAsync(web);
        var expected = ChinaDate((await county.SupervisorApi.GetAsync("/api/v1/calendar/working-days?days=5"))
            .AssertStatus(HttpStatusCode.OK).Json!["dueAt"]!.GetValue<DateTimeOffset>());

        // The office opens the case in five working days and sees the date before sending it.
        var office = await web.SignedInPageAsync(county.Supervisor);
        await office.GetByRole(AriaRole.Link, new() { Name = "立项督办" }).First.ClickAsync();
        await office.GetByLabel("标题").FillAsync(CaseTitle);
        await office.GetByLabel("督办内容").FillAsync("对全镇农村公路临水临崖路段开展隐患排查，限期完成整治。");
        await office.GetByLabel("来源").SelectOptionAsync(new SelectOptionValue { Label = "会议决定" });
        await office.GetByLabel("牵头单位").SelectOptionAsync(new SelectOptionValue { Label = "千岛湖镇" });
        await office.GetByRole(AriaRole.Group, new() { Name = "配合单位" }).GetByLabel("县交通运输局").CheckAsync();
        await office.GetByLabel("交办领导").FillAsync("张县长");
        await office.GetByLabel("办理工作日数").FillAsync("5");
        await office.GetByLabel("办理工作日数").BlurAsync();
        await Expect(office.Locator(".deadline-preview")).ToContainTextAsync($"按工作日历，办理期限为 {expected}");
        await office.GetByRole(AriaRole.Button, new() { Name = "立 项" }).Or(office.GetByRole(AriaRole.Button, new() { Name = "立项" })).ClickAsync();

        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        await Expect(office.GetByText($"已立项：督〔{year}〕1号，办理期限 {expected}")).ToBeVisibleAsync();
        await Expect(office.Locator(".case-due")).ToHaveTextAsync(expected);
        var caseUrl = office.Url;

        // In the ledger it is green, from a meeting, led by the township.
        await office.GetByRole(AriaRole.Link, new() { Name = "督办台账" }).First.ClickAsync();
        var row = office.GetByRole(AriaRole.Row).Filter(new() { HasText = CaseTitle });
        await Expect(row).ToContainTextAsync($"督〔{year}〕1号");
        await Expect(row).ToContainTextAsync("会议决定");
        await Expect(row).ToContainTextAsync("千岛湖镇");
        await Expect(row).ToContainTextAsync("剩余5个工作日");
        await Expect(row.Locator(".ant-tag-green")).ToHaveTextAsync("绿");
        await office.GetByLabel("来源").SelectOptionAsync(new SelectOptionValue { Label = "领导批示" });
        await Expect(office.GetByText("没有符合条件的督办件")).ToBeVisibleAsync();
        await office.GetByLabel("来源").SelectOptionAsync(new SelectOptionValue { Label = "会议决定" });
        await Expect(row).ToBeVisibleAsync();

        // The township, on a phone, finds it in 我的督办件, reports progress and asks for a week more.
        var lead = await web.SignedInPageAsync(county.Officer, width: 390, height: 844);
        await lead.GotoAsync("/supervision/mine");
        var mine = lead.GetByRole(AriaRole.Listitem).Filter(new() { HasText = CaseTitle });
        await Expect(mine).ToContainTextAsync("绿灯");
        await Expect(mine).ToContainTextAsync("牵头");
        await Expect(mine).ToContainTextAsync("剩余5个工作日");
        await mine.GetByRole(AriaRole.Link, new() { Name = CaseTitle }).ClickAsync();
        await lead.GetByLabel("进展情况").FillAsync("已排查临水临崖路段23处，完成整治9处。");
        await lead.GetByLabel("困难和问题").FillAsync("护栏材料到货延迟。");
        await lead.GetByLabel("完成进度（%）").FillAsync("40");
        await lead.GetByRole(AriaRole.Button, new() { Name = "报送进展" }).ClickAsync();
        var timeline = lead.GetByRole(AriaRole.Region, new() { Name = "办理过程" });
        await Expect(timeline).ToContainTextAsync("已排查临水临崖路段23处，完成整治9处。");
        await Expect(timeline).ToContainTextAsync("困难和问题：护栏材料到货延迟。");
        await Expect(timeline).ToContainTextAsync("完成进度：40%");

        var dueDay = DateOnly.ParseExact(expected, "yyyy年M月d日", CultureInfo.InvariantCulture);
        var extended = dueDay.AddDays(7);
        var extendedText = extended.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        await lead.GetByLabel("申请延至").FillAsync(extended.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await lead.GetByLabel("延期理由").FillAsync("护栏材料到货延迟，需延期一周。");
        await lead.GetByRole(AriaRole.Button, new() { Name = "申请延期" }).ClickAsync();
        await Expect(lead.GetByText($"已申请延至 {extendedText}，等待督查室审批。")).ToBeVisibleAsync();

        // The office grants it: the new deadline shows.
        await office.GotoAsync(caseUrl);
        var decision = office.GetByRole(AriaRole.Region, new() { Name = "延期审批" });
        await Expect(decision).ToContainTextAsync("护栏材料到货延迟，需延期一周。");
        await decision.GetByRole(AriaRole.Button, new() { Name = $"同意延期至{extendedText}" }).ClickAsync();
        await Expect(office.Locator(".case-due")).ToHaveTextAsync(extendedText);
        await Expect(office.GetByRole(AriaRole.Region, new() { Name = "办理过程" })).ToContainTextAsync($"办理期限延至{extendedText}");

        // The lead submits a result; the office sends it back with a reason.
        await lead.ReloadAsync();
        await Expect(lead.Locator(".case-due")).ToHaveTextAsync(extendedText);
        await lead.GetByRole(AriaRole.Textbox, new() { Name = "办理结果" }).FillAsync("23处隐患已全部整治。");
        await lead.GetByRole(AriaRole.Button, new() { Name = "报送办理结果" }).ClickAsync();
        await Expect(lead.Locator(".case-facts")).ToContainTextAsync("已报结果");

        await office.ReloadAsync();
        await Expect(office.GetByRole(AriaRole.Region, new() { Name = "办理结果" })).ToContainTextAsync("23处隐患已全部整治。");
        await office.GetByLabel("退回理由").FillAsync("请附整治前后照片和验收意见。");
        await office.GetByRole(AriaRole.Button, new() { Name = "退回重办" }).ClickAsync();
        await Expect(office.Locator(".case-facts")).ToContainTextAsync("办理中");

        await lead.ReloadAsync();
        var returned = lead.GetByRole(AriaRole.Alert).Filter(new() { HasText = "退回重办" });
        await Expect(returned).ToContainTextAsync("请附整治前后照片和验收意见。");
        await lead.GetByRole(AriaRole.Textbox, new() { Name = "办理结果" }).FillAsync("23处隐患已全部整治，附整治前后照片及县交通运输局验收意见。");
        await lead.GetByRole(AriaRole.Button, new() { Name = "报送办理结果" }).ClickAsync();
        await Expect(lead.Locator(".case-facts")).ToContainTextAsync("已报结果");
        await Screenshots.TakeAsync(lead, "supervision-case-lead");

        // The second result is good: the office closes the case.
        await office.ReloadAsync();
        await office.GetByRole(AriaRole.Button, new() { Name = "办 结" }).Or(office.GetByRole(AriaRole.Button, new() { Name = "办结" })).ClickAsync();
        var facts = office.Locator(".case-facts");
        await Expect(facts).ToContainTextAsync("状态已办结");
        await Expect(facts).ToContainTextAsync("按期办结");
        await Expect(facts).ToContainTextAsync("张县长");
        var life = office.GetByRole(AriaRole.Region, new() { Name = "办理过程" });
        await Expect(life).ToContainTextAsync("退回理由：请附整治前后照片和验收意见。");
        await Expect(life).ToContainTextAsync("结果报告领导");
        await Screenshots.TakeAsync(office, "supervision-case");
    }

    [Fact]
    public async Task A_leaders_instruction_waits_in_the_offices_instructions_until_it_becomes_a_case()
    {
        var county = await SupervisionCounty.CreateAsync(web);
        var itemId = (await county.OfficerApi.PostAsync("/api/v1/items", new
        {
            title = "千岛湖镇渡口客船超载隐患", body = "节假日期间部分渡口客船存在超载现象。", topic = "difficulty", kind = "problem",
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        (await county.LeaderApi.PostAsync($"/api/v1/items/{itemId}/instructions", new
        {
            leader = "县委书记", level = "county", text = "交通、公安部门要密切配合，采取有效措施",
        })).AssertStatus(HttpStatusCode.OK);

        var office = await web.SignedInPageAsync(county.Supervisor);
        await office.GetByRole(AriaRole.Link, new() { Name = "批示件" }).ClickAsync();
        var waiting = office.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "千岛湖镇渡口客船超载隐患" });
        await Expect(waiting).ToContainTextAsync("县委书记：交通、公安部门要密切配合，采取有效措施");
        await Screenshots.TakeAsync(office, "supervision-instructions");
        await waiting.GetByRole(AriaRole.Button, new() { Name = "立项督办" }).ClickAsync();
        await office.GetByLabel("牵头单位").SelectOptionAsync(new SelectOptionValue { Label = "县交通运输局" });
        await office.GetByRole(AriaRole.Group, new() { Name = "配合单位" }).GetByLabel("千岛湖镇").CheckAsync();
        // Its deadline in working days, as when opening a case: the date shows before it is sent.
        var inTenWorkingDays = ChinaDate((await county.SupervisorApi.GetAsync("/api/v1/calendar/working-days?days=10"))
            .AssertStatus(HttpStatusCode.OK).Json!["dueAt"]!.GetValue<DateTimeOffset>());
        await office.GetByLabel("办理工作日数").FillAsync("10");
        await office.GetByLabel("办理工作日数").BlurAsync();
        await Expect(office.Locator(".deadline-preview")).ToContainTextAsync($"按工作日历，办理期限为 {inTenWorkingDays}");
        await office.GetByRole(AriaRole.Button, new() { Name = "确认立项" }).ClickAsync();

        await Expect(office.Locator(".case-due")).ToHaveTextAsync(inTenWorkingDays);
        var facts = office.Locator(".case-facts");
        await Expect(facts).ToContainTextAsync("来源领导批示");
        await Expect(facts).ToContainTextAsync("牵头单位县交通运输局");
        await Expect(facts).ToContainTextAsync("配合单位千岛湖镇");
        await Expect(facts).ToContainTextAsync("交办领导县委书记");
        await office.GetByRole(AriaRole.Link, new() { Name = "批示件" }).ClickAsync();
        await Expect(office.GetByText("暂无待处理的批示件")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_assignment_notice_downloads_as_a_Word_file_named_in_Chinese()
    {
        var county = await SupervisionCounty.CreateAsync(web);
        var caseId = (await county.SupervisorApi.PostAsync("/api/v1/cases", new
        {
            title = "文昌镇集镇环境整治", description = "限期完成集镇环境整治。", source = "assigned", leadUnit = county.Town, dueInWorkingDays = 10,
        })).AssertStatus(HttpStatusCode.Created).Json!;

        var office = await web.SignedInPageAsync(county.Supervisor);
        await office.GotoAsync($"/supervision/cases/{caseId["id"]!.GetValue<string>()}");
        var download = await office.RunAndWaitForDownloadAsync(() =>
            office.GetByRole(AriaRole.Button, new() { Name = "下载督办通知单" }).ClickAsync());
        Assert.Equal($"督办通知单（{caseId["number"]!.GetValue<string>()}）.docx", download.SuggestedFilename);
        var saved = await download.PathAsync();
        Assert.True(new FileInfo(saved!).Length > 1000);
        await Expect(office.GetByText($"已下载：督办通知单（{caseId["number"]!.GetValue<string>()}）.docx")).ToBeVisibleAsync();

        // The ledger's spreadsheet too, under its own Chinese name.
        await office.GetByRole(AriaRole.Link, new() { Name = "督办台账" }).First.ClickAsync();
        await Expect(office.GetByRole(AriaRole.Row).Filter(new() { HasText = "文昌镇集镇环境整治" })).ToBeVisibleAsync();
        await Screenshots.TakeAsync(office, "supervision-ledger");
        var ledger = await office.RunAndWaitForDownloadAsync(() =>
            office.GetByRole(AriaRole.Button, new() { Name = "导出督办台账" }).ClickAsync());
        Assert.StartsWith("督办台账", ledger.SuggestedFilename);
        Assert.EndsWith(".xlsx", ledger.SuggestedFilename);
    }

    private static string ChinaDate(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}

/// <summary>A county office with a township (the lead unit), the transport bureau, and the people of the supervision pages.</summary>
public sealed record SupervisionCounty(
    string County, string Town, string Transport, string Officer, string Supervisor, string Leader,
    ApiClient OfficerApi, ApiClient SupervisorApi, ApiClient LeaderApi)
{
    public static async Task<SupervisionCounty> CreateAsync(WebFixture web)
    {
        var admin = await web.Anonymous.SignInAsync("admin", WebFixture.AdminPassword);
        string county = Unique.Code("county"), town = Unique.Code("town"), transport = Unique.Code("transport");
        await CreatedAsync(admin, "/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" });
        await CreatedAsync(admin, "/api/v1/units", new { code = town, name = "千岛湖镇", kind = "township", parentCode = county });
        await CreatedAsync(admin, "/api/v1/units", new { code = transport, name = "县交通运输局", kind = "department", parentCode = county });
        var people = new Dictionary<string, string>();
        foreach (var (role, unit) in new[] { ("unit-officer", town), ("supervisor", county), ("leader", county) })
        {
            var username = Unique.Code(role[..4]);
            await CreatedAsync(admin, "/api/v1/accounts", new { username, password = WebFixture.Password, unitCode = unit, roles = new[] { role } });
            people[role] = username;
        }
        return new SupervisionCounty(county, town, transport, people["unit-officer"], people["supervisor"], people["leader"],
            await web.Anonymous.SignInAsync(people["unit-officer"], WebFixture.Password),
            await web.Anonymous.SignInAsync(people["supervisor"], WebFixture.Password),
            await web.Anonymous.SignInAsync(people["leader"], WebFixture.Password));
    }

    private static async Task CreatedAsync(ApiClient admin, string path, object body) =>
        (await admin.PostAsync(path, body)).AssertStatus(HttpStatusCode.Created);
}
