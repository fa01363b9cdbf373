using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>What a person waits for in the web workspace, in milliseconds, one value per fresh browser.</summary>
public sealed record WebResult(
    int Items, IReadOnlyList<double> SignInPageMs, IReadOnlyList<double> InboxMs, IReadOnlyList<double> ItemListMs, string? SkippedBecause)
{
    /// <summary>The server ran as published (<c>dotnet publish -c Release</c>), as a deployment does, not from its build output.</summary>
    public bool Published { get; init; }

    /// <summary>What the browser fetched for the sign-in page with an empty cache: requests and bytes on the wire (compressed).</summary>
    public SignInPayload? Payload { get; init; }

    /// <summary>The machine's 1-minute load average when the timings ended: other work on the same cores slows the browser too.</summary>
    public string? LoadAverage { get; init; }

    /// <summary>Signing in as a county leader until 领导驾驶舱 shows its charts, one value per fresh browser.</summary>
    public IReadOnlyList<double> LeaderPageMs { get; init; } = [];

    /// <summary>
    /// A county leader signed in on another page (督办台账) opening 领导驾驶舱 from the menu for the first time in the tab,
    /// until its charts show: the page's own load, the chart library fetched on the way.
    /// </summary>
    public IReadOnlyList<double> LeaderFromMenuMs { get; init; } = [];

    /// <summary>What the leader's county held when the leader's page was timed.</summary>
    public string? LeaderCounty { get; init; }

    public const double SignInPageTargetMs = 2000;
    public const double InboxTargetMs = 1000;
    public const double ItemListTargetMs = 500;
    public const double LeaderPageTargetMs = 1000;

    public static WebResult Skipped(string reason) => new(0, [], [], [], reason);

    public static double Median(IReadOnlyList<double> values) =>
        values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}

/// <summary>The sign-in page's requests and their bytes as transferred (headers and compressed bodies).</summary>
public sealed record SignInPayload(int Requests, long TransferredBytes, long DecodedBytes);

/// <summary>
/// The web phase: an embedded all-in-one server with one county's items loaded through the API, and
/// headless Chromium timing, each in a fresh browser context (empty cache): navigation to a usable
/// sign-in page, signing in to the inbox, the section's list of all items showing its first page, and
/// a county leader signing in to 领导驾驶舱 with its charts (40 townships, 500 open cases: <see cref="LeaderCounty"/>).
/// </summary>
public static class WebPhase
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<WebResult> RunAsync(BenchmarkOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        if (!File.Exists(ChromiumPath))
            return WebResult.Skipped($"{ChromiumPath} is missing (Debian: apt-get install chromium fonts-noto-cjk)");

        var items = options.Small ? 200 : 10_000;
        var runs = options.Small ? 1 : 9;
        // The smoke runs check the pipeline within CI's minutes, so they run the server as built.
        var published = !options.Small;
        log(published ? "Web phase: the embedded all-in-one server as published…" : "Web phase: the embedded all-in-one server as built…");
        var serverDll = published ? await PublishedServer.PublishAsync(log, cancellationToken) : null;
        await using var setup = await Setup.StartEmbeddedAsync(cancellationToken, serverDll);
        using var http = LoadGenerator.CreateClient(setup.Gateway, 32);
        var leaderCounty = options.Small ? LeaderCounty.Smoke : LeaderCounty.Full;
        var directory = await CountyDirectory.CreateAsync(http, setup.AdminPassword, 1, leaderCounty.Townships, cancellationToken);
        var county = directory.Counties[0];
        var admin = await JsonApi.SignInAsync(http, "admin", setup.AdminPassword, cancellationToken);
        await CountyDirectory.CreateAccountAsync(http, admin, county, "info-editor", cancellationToken);
        var editor = $"info-editor-{county}";
        var officer = $"unit-officer-{directory.Officers[0].Unit}";

        var seeding = Stopwatch.StartNew();
        await SeedAsync(http, directory.Officers, items, cancellationToken);
        log($"  {items:N0} items submitted through the API in {seeding.Elapsed.TotalSeconds:F1} s.");
        var (leader, loaded) = await leaderCounty.SetUpAsync(http, setup.AdminPassword, county, directory.Officers, items, log, cancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        // One untimed visit first: the server's own first requests (JIT, file caches) are not what a person waits for.
        await TimeSignInPageAsync(browser, setup.Gateway, cancellationToken);

        List<double> signInPage = [], inbox = [], itemList = [], leaderPage = [], leaderFromMenu = [];
        SignInPayload? payload = null;
        for (var run = 0; run < runs; run++)
        {
            var (page, signInMs) = await TimeSignInPageAsync(browser, setup.Gateway, cancellationToken);
            signInPage.Add(signInMs);
            payload ??= await PayloadAsync(page);
            inbox.Add(await TimeSignInToInboxAsync(page, officer));
            await page.Context.CloseAsync();

            var (editorPage, _) = await TimeSignInPageAsync(browser, setup.Gateway, cancellationToken);
            await TimeSignInToInboxAsync(editorPage, editor);
            itemList.Add(await TimeItemListAsync(editorPage));
            await editorPage.Context.CloseAsync();

            var (leaderTab, _) = await TimeSignInPageAsync(browser, setup.Gateway, cancellationToken);
            leaderPage.Add(await TimeSignInToLeaderPageAsync(leaderTab, leader));
            await leaderTab.Context.CloseAsync();

            var (ledgerTab, _) = await TimeSignInPageAsync(browser, setup.Gateway, cancellationToken, "/login?returnUrl=%2Fsupervision%2Fcases");
            leaderFromMenu.Add(await TimeLeaderPageFromMenuAsync(ledgerTab, leader));
            await ledgerTab.Context.CloseAsync();
            log($"  run {run + 1}: sign-in page {signInMs:F0} ms, inbox {inbox[^1]:F0} ms, first page of {items:N0} items {itemList[^1]:F0} ms, " +
                $"leader's page {leaderPage[^1]:F0} ms (from the menu {leaderFromMenu[^1]:F0} ms)");
        }
        return new WebResult(items, signInPage, inbox, itemList, null)
        {
            LoadAverage = LoadAverageNow(), LeaderPageMs = leaderPage, LeaderFromMenuMs = leaderFromMenu, LeaderCounty = loaded, Payload = payload, Published = published,
        };
    }

    private static string? LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;

    private static async Task SeedAsync(HttpClient http, IReadOnlyList<Officer> officers, int items, CancellationToken cancellationToken)
    {
        var kinds = new[] { "dynamic", "experience", "problem", "suggestion", "public-sentiment" };
        var topics = new[] { "focus", "hot", "difficulty", "highlight" };
        await Parallel.ForAsync(0, items, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var officer = officers[index % officers.Count];
            await JsonApi.ExpectAsync(http, HttpMethod.Post, "/api/v1/items", officer.Token, new
            {
                title = $"第{index + 1}条工作动态：乡镇重点工作推进情况",
                body = "本周完成重点项目三个，推进有序。",
                topic = topics[index % topics.Length],
                kind = kinds[index % kinds.Length],
            }, HttpStatusCode.Created, token);
        });
    }

    /// <summary>A fresh context (empty cache and storage) from navigation until the username field takes input.</summary>
    private static async Task<(IPage Page, double Ms)> TimeSignInPageAsync(IBrowser browser, Uri gateway, CancellationToken cancellationToken,
        string signInPath = "/login")
    {
        cancellationToken.ThrowIfCancellationRequested();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(60_000);
        await PageClock.InstallAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(signInPath, new() { WaitUntil = WaitUntilState.Commit });
        await PageClock.ArmAsync(page, "#username");
        var username = page.GetByLabel("用户名");
        await username.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await Assertions.Expect(username).ToBeEditableAsync();
        return (page, await PageClock.ShownAtAsync(page));
    }

    /// <summary>The page's own resource timings: every request so far, with its bytes on the wire and unpacked.</summary>
    private static async Task<SignInPayload> PayloadAsync(IPage page)
    {
        var totals = await page.EvaluateAsync<double[]>("""
            () => {
                const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
                return [entries.length, entries.reduce((sum, e) => sum + e.transferSize, 0), entries.reduce((sum, e) => sum + e.decodedBodySize, 0)];
            }
            """);
        return new SignInPayload((int)totals[0], (long)totals[1], (long)totals[2]);
    }

    /// <summary>From pressing the sign-in button until the inbox shows its counts.</summary>
    private static async Task<double> TimeSignInToInboxAsync(IPage page, string username)
    {
        await FillSignInAsync(page, username);
        await PageClock.ArmAsync(page, ".count-card");
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.Locator(".count-card").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        return await PageClock.SinceClickAsync(page);
    }

    /// <summary>
    /// From pressing the sign-in button as a leader until 领导驾驶舱 shows both charts drawn (the chart library
    /// is fetched on the way: nothing of it is in the browser's cache).
    /// </summary>
    private static async Task<double> TimeSignInToLeaderPageAsync(IPage page, string username)
    {
        await FillSignInAsync(page, username);
        await PageClock.ArmAsync(page, Charts);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.Locator("[data-chart=lights] svg").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await page.Locator("[data-chart=scores] svg").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var elapsed = await PageClock.SinceClickAsync(page);
        var red = await page.Locator(".count-red .count-value").InnerTextAsync();
        return red != "0" ? elapsed : throw new InvalidOperationException("The leader's page showed no red case, though some were due during the set-up.");
    }

    /// <summary>Signed in on 督办台账, from choosing 领导驾驶舱 in the menu until both charts are drawn.</summary>
    private static async Task<double> TimeLeaderPageFromMenuAsync(IPage page, string username)
    {
        await FillSignInAsync(page, username);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "督办台账", Level = 1 }).WaitForAsync();
        await page.Locator(".case-ledger tbody tr").First.WaitForAsync();
        await PageClock.ArmAsync(page, Charts);
        await page.GetByRole(AriaRole.Link, new() { Name = "领导驾驶舱" }).ClickAsync();
        await page.Locator("[data-chart=lights] svg").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await page.Locator("[data-chart=scores] svg").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        return await PageClock.SinceClickAsync(page);
    }

    private static async Task FillSignInAsync(IPage page, string username)
    {
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(CountyDirectory.Password);
    }

    // Both of the leader's charts drawn.
    private static readonly string[] Charts = ["[data-chart=lights] svg", "[data-chart=scores] svg"];

    /// <summary>From choosing 全部信息 in the menu until the first page's rows show.</summary>
    private static async Task<double> TimeItemListAsync(IPage page)
    {
        await PageClock.ArmAsync(page, ".section-items tbody tr");
        await page.GetByRole(AriaRole.Link, new() { Name = "全部信息" }).ClickAsync();
        await page.Locator(".section-items tbody tr").First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var elapsed = await PageClock.SinceClickAsync(page);
        var rows = await page.Locator(".section-items tbody tr").CountAsync();
        return rows > 0 ? elapsed : throw new InvalidOperationException("The list of all items showed no rows.");
    }
}
