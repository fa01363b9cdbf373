// Takes the README's screenshots of the web workspace into the folder given (docs/screenshots):
// starts an all-in-one server on a temporary data directory, seeds a county through the API as its
// people would, and photographs the main pages at desktop (1280×800) and phone (390×844) size.
using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Testing;

var output = Path.GetFullPath(args.Length > 0 ? args[0] : "docs/screenshots");
Directory.CreateDirectory(output);
var data = Directory.CreateTempSubdirectory("officemesh-screenshots");
const string adminPassword = "admin-password-for-screenshots";
const string password = "a-password-for-screenshots";

await using var server = ServerProcess.Start(FreePort.Next(), new Dictionary<string, string>
{
    ["OfficeMesh__Role"] = "all",
    ["OfficeMesh__Storage__DataDirectory"] = data.FullName,
    ["OfficeMesh__Bootstrap__AdminPassword"] = adminPassword,
    ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
    ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
    ["OfficeMesh__Cluster__AdvertisedAddress"] = "127.0.0.1",
});
try
{
    await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    using var http = new HttpClient { BaseAddress = server.Address };

    // A county as on a working day: the county office, two townships, an officer and an editor.
    var admin = await JsonApi.SignInAsync(http, "admin", adminPassword);
    async Task Create(string path, object body) => await JsonApi.ExpectAsync(http, HttpMethod.Post, path, admin, body, HttpStatusCode.Created);
    await Create("/api/v1/units", new { code = "hangzhou", name = "杭州市委办公厅", kind = "upper-office", level = "city" });
    await Create("/api/v1/units", new { code = "chunan", name = "淳安县委县政府办公室", kind = "county-office", parentCode = "hangzhou" });
    await Create("/api/v1/units", new { code = "qiandaohu", name = "千岛湖镇", kind = "township", parentCode = "chunan" });
    await Create("/api/v1/units", new { code = "wenchang", name = "文昌镇", kind = "township", parentCode = "chunan" });
    await Create("/api/v1/units", new { code = "chunan-police", name = "县公安局", kind = "department", parentCode = "chunan", directReporting = true });
    await Create("/api/v1/accounts", new { username = "qdh-xxy", password, unitCode = "qiandaohu", roles = new[] { "unit-officer" } });
    await Create("/api/v1/accounts", new { username = "xxk-bianji", password, unitCode = "chunan", roles = new[] { "info-editor" } });
    await Create("/api/v1/accounts", new { username = "zbs-zhiban", password, unitCode = "chunan", roles = new[] { "duty" } });
    await Create("/api/v1/accounts", new { username = "hz-lianluo", password, unitCode = "hangzhou", roles = new[] { "upper-liaison" } });
    await Create("/api/v1/accounts", new { username = "dcs-ducha", password, unitCode = "chunan", roles = new[] { "supervisor" } });
    await Create("/api/v1/accounts", new { username = "xw-shuji", password, unitCode = "chunan", roles = new[] { "leader" } });

    var officer = await JsonApi.SignInAsync(http, "qdh-xxy", password);
    var editor = await JsonApi.SignInAsync(http, "xxk-bianji", password);
    async Task<string> Submit(object body) =>
        (await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/items", officer, body, HttpStatusCode.Created))!["id"]!.GetValue<string>();
    var now = DateTimeOffset.UtcNow;
    await Submit(new { title = "千岛湖镇启动秋冬季森林防火专项行动", body = "11月28日，千岛湖镇召开秋冬季森林防火工作部署会，组织12支巡护队伍开展隐患排查。", topic = "focus", kind = "dynamic" });
    var emergency = await Submit(new { title = "千岛湖镇排岭路发生一起道路塌陷", body = "今日上午9时许，排岭路中段发生道路塌陷，面积约6平方米，无人员伤亡，已设置围挡并疏导交通。", topic = "hot", kind = "emergency", occurredAt = now.AddMinutes(-50), phoneReportedAt = now.AddMinutes(-40) });
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{emergency}/follow-ups", officer, new { body = "塌陷路段已完成回填，预计今晚恢复通行。" }, HttpStatusCode.OK);
    var returned = await Submit(new { title = "关于农村生活污水治理设施运维情况的调研", body = "我镇现有农村生活污水处理终端46个……", topic = "difficulty", kind = "problem" });
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{returned}/reviews", editor,
        new { decision = "return", comment = "请补充运维资金缺口的具体数字和下一步打算。" }, HttpStatusCode.OK);
    // One item accepted and forwarded to the city: the section's periodical and the city's inbox have something to show.
    var forwarded = await Submit(new { title = "千岛湖镇探索“两山银行”生态资源转化新路径", body = "千岛湖镇将闲置农房、林地等生态资源集中收储、整合提升，已带动村集体增收320万元。", topic = "highlight", kind = "experience" });
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{forwarded}/reviews", editor, new { decision = "accept", comment = "经验做法可供推广。" }, HttpStatusCode.OK);
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{forwarded}/forwards", editor, new { level = "city" }, HttpStatusCode.OK);

    // The supervision office's ledger: a case from a meeting with progress, one from a leader's instruction, one waiting for a disposition.
    var supervisor = await JsonApi.SignInAsync(http, "dcs-ducha", password);
    var leader = await JsonApi.SignInAsync(http, "xw-shuji", password);
    async Task<string> OpenCase(object body) =>
        (await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/cases", supervisor, body, HttpStatusCode.Created))!["id"]!.GetValue<string>();
    var roadCase = await OpenCase(new { title = "千岛湖镇农村公路安全隐患整治", description = "对全镇农村公路临水临崖路段开展隐患排查，限期完成整治。",
        source = "meeting", leadUnit = "qiandaohu", coUnits = new[] { "chunan-police" }, leader = "张县长", dueInWorkingDays = 10 });
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/cases/{roadCase}/progress", officer,
        new { text = "已排查临水临崖路段23处，完成整治9处。", obstacles = "护栏材料到货延迟。", percent = 40 }, HttpStatusCode.OK);
    await OpenCase(new { title = "文昌镇集镇环境综合整治", description = "集镇环境“脏乱差”问题限期整改。", source = "assigned", leadUnit = "wenchang", dueInWorkingDays = 3 });
    await OpenCase(new { title = "城区交通秩序专项整治", description = "节假日城区交通拥堵问题。", source = "work-plan", leadUnit = "chunan-police", dueAt = now.AddDays(30) });
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{forwarded}/instructions", leader,
        new { leader = "县委书记", level = "county", text = "总结经验，在全县推广。" }, HttpStatusCode.OK);

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    async Task<IPage> SignedIn(string username, string secret, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(secret);
        await page.GetByLabel("密码", new() { Exact = true }).PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        return page;
    }

    async Task Shot(IPage page, string path, string name, string waitFor)
    {
        await page.GotoAsync(path);
        await page.GetByText(waitFor).First.WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, $"{name}.png"), FullPage = true });
        Console.WriteLine($"{name}.png");
    }

    var signIn = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "zh-CN" });
    await signIn.GotoAsync(new Uri(server.Address, "/login").ToString());
    await signIn.GetByLabel("用户名").WaitForAsync(new() { Timeout = 60_000 });
    await signIn.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "sign-in.png") });
    Console.WriteLine("sign-in.png");

    var desktop = await SignedIn("qdh-xxy", password, 1280, 800);
    await Shot(desktop, "/", "inbox", "全部待办");
    // The inbox is live: a notice lands while the officer has it open, with a notice naming it and the header's count going up.
    await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/notices", editor, new
    {
        title = "关于做好岁末年初安全生产信息报送工作的通知", body = "请各单位及时报送安全生产隐患排查整治情况。", keyPoints = new[] { "安全生产", "隐患排查" },
    }, HttpStatusCode.Created);
    await desktop.GetByText("收到新的待办").First.WaitForAsync();
    await desktop.WaitForTimeoutAsync(500);
    await desktop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "inbox-live.png") });
    Console.WriteLine("inbox-live.png");
    await Shot(desktop, "/information/mine", "my-items", "报送于");
    await Shot(desktop, $"/information/items/{emergency}", "item-emergency", "办理过程");
    await Shot(desktop, $"/information/items/{returned}/revise", "revise", "信息科的修改意见");
    await desktop.GotoAsync("/information/submit");
    await desktop.GetByLabel("标题").FillAsync("文昌镇发生一起山体滑坡");
    await desktop.GetByText("紧急", new() { Exact = true }).ClickAsync();
    await desktop.GetByLabel("事发时间").WaitForAsync();
    await desktop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "submit.png"), FullPage = true });
    Console.WriteLine("submit.png");

    var phone = await SignedIn("qdh-xxy", password, 390, 844);
    await Shot(phone, "/", "phone-inbox", "全部待办");
    await Shot(phone, "/information/submit", "phone-submit", "正文");
    await Shot(phone, "/information/mine", "phone-my-items", "报送于");

    var section = await SignedIn("xxk-bianji", password, 1280, 800);
    await Shot(section, "/information/review", "section-review", "千岛湖镇启动秋冬季森林防火专项行动");
    await Shot(section, "/information/items", "section-items", "两山银行");
    await Shot(section, "/information/periodicals/new", "periodical-compose", "两山银行");
    await Shot(section, "/information/scores", "section-scores", "文昌镇");

    var duty = await SignedIn("zbs-zhiban", password, 1280, 800);
    await Shot(duty, "/duty/board", "duty-board", "排岭路");

    var city = await SignedIn("hz-lianluo", password, 1280, 800);
    await Shot(city, "/upper/inbox", "upper-inbox", "两山银行");

    var office = await SignedIn("dcs-ducha", password, 1280, 800);
    await Shot(office, "/supervision/cases", "supervision-ledger", "城区交通秩序专项整治");
    await office.GotoAsync("/supervision/cases/new");
    await office.GetByLabel("标题").FillAsync("汛期地质灾害隐患点巡查");
    await office.GetByLabel("办理工作日数").FillAsync("5");
    await office.GetByLabel("办理工作日数").BlurAsync();
    await office.GetByText("按工作日历，办理期限为").WaitForAsync();
    await office.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "supervision-open.png"), FullPage = true });
    Console.WriteLine("supervision-open.png");
    await Shot(office, $"/supervision/cases/{roadCase}", "supervision-case", "办理过程");
    await Shot(office, "/supervision/instructions", "supervision-instructions", "总结经验");

    await Shot(phone, "/supervision/mine", "phone-my-cases", "千岛湖镇农村公路安全隐患整治");
    await Shot(phone, $"/supervision/cases/{roadCase}", "phone-case", "报送进展");
    // 协调会商 and 领导驾驶舱: a consultation two townships and a department are asked, one answered; a county
    // leader's instructions, one closed with its result, beside the supervision office's cases (one overdue).
    await Create("/api/v1/accounts", new { username = "wc-xxy", password, unitCode = "wenchang", roles = new[] { "unit-officer" } });
    await Create("/api/v1/accounts", new { username = "xz-lingdao", password, unitCode = "chunan", roles = new[] { "leader" } });
    var countyLeader = await JsonApi.SignInAsync(http, "xz-lingdao", password);
    var consultation = (await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/coordinations", editor, new
    {
        title = "冬季森林防火联防联控会商", body = "请各单位于12月5日前反馈本辖区防火巡护力量配置、重点区域和需县里协调的事项。",
        kind = "consultation", units = new[] { "qiandaohu", "wenchang", "chunan-police" }, dueAt = now.AddDays(5),
    }, HttpStatusCode.Created))!["id"]!.GetValue<string>();
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/coordinations/{consultation}/responses", officer,
        new { text = "同意。我镇已组建12支巡护队伍，建议县应急局统筹调配无人机巡查。", position = "agree" }, HttpStatusCode.OK);
    await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/coordinations", supervisor, new
    {
        title = "城区停车秩序整治协调", body = "请公安、文昌镇研究城区停车位施划方案。", kind = "coordination", units = new[] { "wenchang", "chunan-police" }, dueAt = now.AddDays(3),
    }, HttpStatusCode.Created);
    async Task<string> Instruct(string itemId, string text, string leadUnit) =>
        (await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/items/{itemId}/instructions", countyLeader, new
        {
            leader = "县长", level = "county", text, openCase = new { leadUnit, dueAt = now.AddDays(15) },
        }, HttpStatusCode.OK))!["instructions"]!.AsArray()[^1]!["caseId"]!.GetValue<string>();
    var closedCase = await Instruct(forwarded, "经验做法很好，请在全县推广。", "qiandaohu");
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/cases/{closedCase}/result", officer,
        new { text = "已在全县23个乡镇推广，新增收储生态资源1.2万亩。" }, HttpStatusCode.OK);
    await JsonApi.ExpectAsync(http, HttpMethod.Post, $"/api/v1/cases/{closedCase}/close", supervisor, new { }, HttpStatusCode.OK);
    await Instruct(emergency, "请交通、住建部门加强排查，确保道路安全。", "qiandaohu");
    foreach (var (title, lead, due) in new[]
    {
        ("城区停车难专项整治", "wenchang", DateTimeOffset.UtcNow.AddSeconds(5)), ("农村生活污水设施运维", "qiandaohu", now.AddDays(20)),
        ("电动自行车违规充电治理", "chunan-police", now.AddDays(9)),
    })
        await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/cases", supervisor, new
        {
            title, description = "按期办结并报送结果。", source = "assigned", leadUnit = lead, dueAt = due,
        }, HttpStatusCode.Created);

    await Shot(section, "/coordination", "coordination-list", "冬季森林防火联防联控会商");
    await Shot(section, $"/coordination/{consultation}", "coordination", "各单位答复");
    var wenchang = await SignedIn("wc-xxy", password, 1280, 800);
    await Shot(wenchang, $"/coordination/{consultation}", "coordination-answer", "本单位答复");
    await section.GotoAsync("/coordination/new");
    await section.GetByText("县公安局").WaitForAsync();
    await section.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "coordination-new.png"), FullPage = true });
    Console.WriteLine("coordination-new.png");
    await Task.Delay(TimeSpan.FromSeconds(5));
    // A leader starts at 领导驾驶舱, at desktop and phone size; each shot waits for both charts.
    foreach (var (width, height, name) in new[] { (1280, 800, "leader"), (390, 844, "phone-leader") })
    {
        var desk = await SignedIn("xz-lingdao", password, width, height);
        await desk.Locator("[data-chart=lights] svg").First.WaitForAsync();
        await desk.Locator("[data-chart=scores] svg").First.WaitForAsync();
        await desk.WaitForTimeoutAsync(500);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, $"{name}.png"), FullPage = true });
        Console.WriteLine($"{name}.png");
    }

    var administrator = await SignedIn("admin", adminPassword, 1280, 800);
    await Shot(administrator, "/admin/units", "admin-units", "新建单位");
    await Shot(administrator, "/admin/accounts?unit=qiandaohu", "admin-accounts", "新建账号");
}
catch
{
    Console.Error.WriteLine(server.Output);
    throw;
}
finally
{
    data.Delete(recursive: true);
}
