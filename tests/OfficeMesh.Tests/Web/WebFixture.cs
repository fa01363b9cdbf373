using System.Net;
using Microsoft.Playwright;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Web;

/// <summary>
/// The web workspace as a person meets it: an all-in-one server process (gateway, API, silo; the
/// web files served from its build output) and Debian's Chromium driven by Playwright. The browser
/// is in a zone far from China, so the pages must show China time by themselves.
/// </summary>
/// <remarks>
/// One browser profile serves every test: the web files are downloaded and compiled once, not once a
/// test (a cold start took over 30 s on a busy two-core machine). Tests stay apart because each page is
/// a tab of its own and the workspace keeps its session in the tab's sessionStorage; a test's tabs are
/// closed when it ends, so finished pages do not go on running beside the next test.
/// </remarks>
public sealed class WebFixture : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-web-tests";
    public const string Password = "a-password-for-web-tests";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TemporaryDataDirectory _data = new();
    private readonly TemporaryDataDirectory _profile = new();
    private readonly List<IPage> _testPages = [];
    private ServerProcess? _server;
    private HttpClient? _http;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    public Uri Address => _server!.Address;

    public ApiClient Anonymous => new(_http!);

    /// <summary>
    /// A published server to drive instead of the build (OFFICEMESH_WEB_TEST_SERVER: the path of its OfficeMesh.Server.dll, from
    /// <c>dotnet publish -c Release</c>): the published web workspace is trimmed, which the build is not.
    /// </summary>
    private static string? PublishedServerDll => Environment.GetEnvironmentVariable("OFFICEMESH_WEB_TEST_SERVER") is { Length: > 0 } dll ? dll : null;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium fonts-noto-cjk");

        _server = ServerProcess.Start(FreePort.Next(), new Dictionary<string, string>
        {
            ["OfficeMesh__Role"] = "all",
            ["OfficeMesh__Storage__DataDirectory"] = _data.Path,
            ["OfficeMesh__Bootstrap__AdminPassword"] = AdminPassword,
            ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            ["OfficeMesh__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["OfficeMesh__Gateway__RequestsPerSecond"] = "1000",
            ["OfficeMesh__Gateway__Burst"] = "2000",
            // Case deadlines checked every two seconds, so an urging the system sends on its own falls within a test.
            ["OfficeMesh__Supervision__ReminderPeriod"] = "00:00:02",
        }, PublishedServerDll);
        await _server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        _http = new HttpClient { BaseAddress = _server.Address };

        // WebAssembly starts in seconds on a busy two-core machine; give assertions time for it.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            BaseURL = Address.ToString(),
            Locale = "zh-CN",
            TimezoneId = "America/Los_Angeles",
        });
        _browser.SetDefaultTimeout(30_000);
    }

    /// <summary>A fresh browser tab (its own sessionStorage) at desktop or phone size, closed when the test ends.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var page = await _browser!.NewPageAsync();
        _testPages.Add(page);
        await page.SetViewportSizeAsync(width, height);
        // What the page logs goes to the test's output, so a failure shows the browser's side too.
        var output = TestContext.Current.TestOutputHelper;
        page.Console += (_, message) => output?.WriteLine($"[browser {message.Type}] {message.Text}");
        page.PageError += (_, error) => output?.WriteLine($"[browser error] {error}");
        return page;
    }

    /// <summary>Signs in through the sign-in page, as a person would, and waits for the inbox.</summary>
    public async Task<IPage> SignedInPageAsync(string username, string password = Password, int width = 1280, int height = 800)
    {
        var page = await NewPageAsync(width, height);
        await SignInAsync(page, username, password);
        return page;
    }

    /// <summary>Signs in on <paramref name="page"/> through the sign-in page and waits until it has left it.</summary>
    public static async Task SignInAsync(IPage page, string username, string password = Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登 录" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login"));
    }

    /// <summary>A county office with a township and the township's officer; codes unique per call.</summary>
    public async Task<Township> TownshipAsync(string townshipName = "千岛湖镇")
    {
        var admin = await Anonymous.SignInAsync("admin", AdminPassword);
        string county = Unique.Code("county"), town = Unique.Code("town"), officer = Unique.Code("officer");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/units", new { code = town, name = townshipName, kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/accounts", new { username = officer, password = Password, unitCode = town, roles = new[] { "unit-officer" } }))
            .AssertStatus(HttpStatusCode.Created);
        return new Township(county, town, officer, townshipName, await Anonymous.SignInAsync(officer, Password));
    }

    /// <summary>An information-section editor (信息科) of the township's county.</summary>
    public async Task<ApiClient> EditorAsync(Township township)
    {
        var admin = await Anonymous.SignInAsync("admin", AdminPassword);
        var editor = Unique.Code("editor");
        (await admin.PostAsync("/api/v1/accounts", new { username = editor, password = Password, unitCode = township.County, roles = new[] { "info-editor" } }))
            .AssertStatus(HttpStatusCode.Created);
        return await Anonymous.SignInAsync(editor, Password);
    }

    /// <summary>Closes the tabs the test opened; each web test class calls it when its test ends.</summary>
    public async ValueTask CloseTestPagesAsync()
    {
        foreach (var page in _testPages)
            await page.CloseAsync();
        _testPages.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        _http?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _data.Dispose();
        _profile.Dispose();
    }
}

public sealed record Township(string County, string Code, string Officer, string Name, ApiClient OfficerApi);

/// <summary>Browser tests share one server and one Chromium, and run alone (they start real processes).</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web workspace";
}
