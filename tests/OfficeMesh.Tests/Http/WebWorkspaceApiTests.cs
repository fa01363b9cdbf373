using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>
/// What the web workspace reads that the first release lacked: the unit tree, a year's periodical
/// issues, the signed-in account, and the review queue and topic filter of the item list.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class WebWorkspaceApiTests(EmbeddedServerFixture server)
{
    private static readonly int Year = DateTimeOffset.UtcNow.Year;

    private static readonly string[] Columns =
        ["anon", "town", "county2", "cofficer", "editor", "editor2", "super", "duty", "leader", "city", "prov", "admin", "oper"];

    private static readonly (string Name, Func<ApiClient, CountySetup, Task<ApiResponse>> Call, string Expected)[] Table =
    [
        //                                                                                        anon town county2 cofficer editor editor2 super duty leader city prov admin oper
        ("GET /units", (c, _) => c.GetAsync("/api/v1/units"),                                      "401 403 403 200 200 200 200 200 200 403 403 200 403"),
        ("GET /periodicals/{year}/issues", (c, _) => c.GetAsync($"/api/v1/periodicals/{Year}/issues"),
                                                                                                   "401 200 200 200 200 200 200 200 200 400 400 400 400"),
        ("GET /periodicals/{year}/issues?county=", (c, x) => c.GetAsync($"/api/v1/periodicals/{Year}/issues?county={x.County}"),
                                                                                                   "401 200 404 200 200 404 200 200 200 200 200 404 404"),
        ("GET /me", (c, _) => c.GetAsync("/api/v1/me"),                                            "401 200 200 200 200 200 200 200 200 200 200 200 200"),
    ];

    [Fact]
    public async Task Every_new_endpoint_answers_every_role_exactly_as_the_table_says()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var callers = new Dictionary<string, ApiClient>
        {
            ["anon"] = server.Anonymous, ["town"] = county.Officer1, ["county2"] = county.OtherOfficer, ["cofficer"] = county.CountyOfficer,
            ["editor"] = county.Editor, ["editor2"] = county.OtherEditor, ["super"] = county.Supervisor, ["duty"] = county.Duty,
            ["leader"] = county.Leader, ["city"] = county.CityLiaison, ["prov"] = county.ProvinceLiaison, ["admin"] = county.Admin, ["oper"] = county.Operator,
        };
        var mismatches = new StringBuilder();
        foreach (var (name, call, expected) in Table)
        {
            var cells = AuthorizationTable.Cells(expected, Columns.Length);
            for (var i = 0; i < Columns.Length; i++)
                AuthorizationTable.Check(mismatches, name, Columns[i], cells[i], await call(callers[Columns[i]], county));
        }
        Assert.True(mismatches.Length == 0, mismatches.ToString());
    }

    [Fact]
    public async Task A_county_office_sees_its_own_county_as_a_tree_and_pages_through_it()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);

        Assert.Equal([c.County, c.Town1, c.Town2, c.Town3, c.Police], Codes(await ListAsync(c.Editor, "/api/v1/units")));
        Assert.Equal([c.County, c.Town1, c.Town2, c.Town3, c.Police], Codes(await ListAsync(c.CountyOfficer, "/api/v1/units")));
        Assert.Equal([c.OtherCounty, c.OtherTown], Codes(await ListAsync(c.OtherEditor, "/api/v1/units")));
        Assert.Equal([c.Town1, c.Town2, c.Town3], Codes(await ListAsync(c.Duty, "/api/v1/units?kind=township")));
        Assert.Equal([c.Town1, c.Town2, c.Town3, c.Police], Codes(await ListAsync(c.Leader, $"/api/v1/units?parent={c.County}")));
        // Another county's units are not in a county office's view, whatever it names.
        Assert.Empty(Codes(await ListAsync(c.Editor, $"/api/v1/units?parent={c.OtherCounty}")));

        var first = (await c.Editor.GetAsync("/api/v1/units?limit=2")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal([c.County, c.Town1], Codes(first["items"]!.AsArray()));
        var second = (await c.Editor.GetAsync($"/api/v1/units?limit=2&cursor={first["nextCursor"]!.GetValue<string>()}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal([c.Town2, c.Town3], Codes(second["items"]!.AsArray()));
        var last = (await c.Editor.GetAsync($"/api/v1/units?limit=2&cursor={second["nextCursor"]!.GetValue<string>()}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal([c.Police], Codes(last["items"]!.AsArray()));
        Assert.Null(last["nextCursor"]);

        var township = (await ListAsync(c.Editor, "/api/v1/units?kind=township"))[0]!;
        Assert.Equal("千岛湖镇", township["name"]!.GetValue<string>());
        Assert.Equal(c.County, township["parentCode"]!.GetValue<string>());

        (await c.Editor.GetAsync("/api/v1/units?kind=village")).AssertProblem(HttpStatusCode.BadRequest, "kind");
        (await c.Editor.GetAsync("/api/v1/units?cursor=not-a-cursor")).AssertProblem(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task An_admin_sees_every_county_and_upper_office_with_parents_before_children()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);

        Assert.Equal([c.City], Codes(await ListAsync(c.Admin, $"/api/v1/units?parent={c.Province}")));
        Assert.Equal([c.County, c.OtherCounty], Codes(await ListAsync(c.Admin, $"/api/v1/units?parent={c.City}")));

        // The whole deployment holds other tests' units too: ours keep their tree order among them.
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await c.Admin.GetAsync($"/api/v1/units?limit=500{(cursor is null ? "" : $"&cursor={cursor}")}")).AssertStatus(HttpStatusCode.OK).Json!;
            all.AddRange(Codes(page["items"]!.AsArray()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        string[] ours = [c.Province, c.City, c.County, c.Town1, c.Town2, c.Town3, c.Police, c.OtherCounty, c.OtherTown];
        Assert.Equal(ours, all.Where(ours.Contains).ToArray());
        Assert.Equal(all.Count, all.Distinct().Count());

        // An upper office with no county under it yet is in the tree, so the admin can hang one there.
        var newCity = Unique.Code("city");
        (await c.Admin.PostAsync("/api/v1/units", new { code = newCity, name = "衢州市委办", kind = "upper-office", level = "city", parentCode = c.Province }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal([c.City, newCity], Codes(await ListAsync(c.Admin, $"/api/v1/units?parent={c.Province}")));
    }

    [Fact]
    public async Task A_years_issues_are_listed_newest_first_for_the_county_and_the_offices_above_it()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        Assert.Empty((await ListAsync(c.Officer1, $"/api/v1/periodicals/{Year}/issues")));

        var first = await AcceptedAsync(c, "第一期稿件");
        var second = await AcceptedAsync(c, "第二期稿件");
        var third = await AcceptedAsync(c, "第二期另一篇");
        (await c.Editor.PostAsync($"/api/v1/periodicals/{Year}/issues", new { title = "淳安信息", entries = new[] { new { itemId = first, column = "要情" } } }))
            .AssertStatus(HttpStatusCode.Created);
        (await c.Editor.PostAsync($"/api/v1/periodicals/{Year}/issues", new { entries = new[] { new { itemId = second, column = "动态" }, new { itemId = third, column = "动态" } } }))
            .AssertStatus(HttpStatusCode.Created);

        var issues = await ListAsync(c.Officer1, $"/api/v1/periodicals/{Year}/issues");
        Assert.Equal([2, 1], issues.Select(issue => issue!["number"]!.GetValue<int>()));
        Assert.Equal([2, 1], issues.Select(issue => issue!["entryCount"]!.GetValue<int>()));
        Assert.Equal("淳安信息", issues[1]!["title"]!.GetValue<string>());
        Assert.Equal(c.County, issues[0]!["countyCode"]!.GetValue<string>());

        Assert.Equal(2, (await ListAsync(c.ProvinceLiaison, $"/api/v1/periodicals/{Year}/issues?county={c.County}")).Count);
        var paged = (await c.CityLiaison.GetAsync($"/api/v1/periodicals/{Year}/issues?county={c.County}&limit=1")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(2, paged["items"]![0]!["number"]!.GetValue<int>());
        Assert.NotNull(paged["nextCursor"]);

        // Another county's editor, or a city office not above the county, is told there is nothing.
        (await c.OtherEditor.GetAsync($"/api/v1/periodicals/{Year}/issues?county={c.County}")).AssertProblem(HttpStatusCode.NotFound);
        (await c.OtherEditor.GetAsync($"/api/v1/periodicals/{Year}/issues/1?county={c.County}")).AssertProblem(HttpStatusCode.NotFound);
        var strangerCity = Unique.Code("city");
        (await c.Admin.PostAsync("/api/v1/units", new { code = strangerCity, name = "宁波市委办", kind = "upper-office", level = "city", parentCode = c.Province }))
            .AssertStatus(HttpStatusCode.Created);
        var username = Unique.Code("user");
        (await c.Admin.PostAsync("/api/v1/accounts", new { username, password = CountySetup.Password, unitCode = strangerCity, roles = new[] { "upper-liaison" } }))
            .AssertStatus(HttpStatusCode.Created);
        var stranger = await server.Anonymous.SignInAsync(username, CountySetup.Password);
        (await stranger.GetAsync($"/api/v1/periodicals/{Year}/issues?county={c.County}")).AssertProblem(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/v1/periodicals/{Year}/issues/1?county={c.County}")).AssertProblem(HttpStatusCode.NotFound);
        (await c.CityLiaison.GetAsync($"/api/v1/periodicals/{Year}/issues/1?county={c.County}")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_signed_in_account_reads_its_unit_and_roles()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);

        var officer = (await c.Officer1.GetAsync("/api/v1/me")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(c.Town1, officer["unitCode"]!.GetValue<string>());
        Assert.Equal("千岛湖镇", officer["unitName"]!.GetValue<string>());
        Assert.Equal("township", officer["unitKind"]!.GetValue<string>());
        Assert.Equal(c.County, officer["countyCode"]!.GetValue<string>());
        Assert.Equal(["unit-officer"], officer["roles"]!.AsArray().Select(role => role!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(officer["username"]!.GetValue<string>()));

        var liaison = (await c.CityLiaison.GetAsync("/api/v1/me")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("杭州市委办", liaison["unitName"]!.GetValue<string>());
        Assert.Equal("city", liaison["unitLevel"]!.GetValue<string>());

        var admin = (await c.Admin.GetAsync("/api/v1/me")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("admin", admin["username"]!.GetValue<string>());
        Assert.Null(admin["unitCode"]);
        Assert.Equal(["admin"], admin["roles"]!.AsArray().Select(role => role!.GetValue<string>()));
    }

    [Fact]
    public async Task The_review_queue_runs_oldest_first_and_the_list_filters_by_topic()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var oldest = await SubmitAsync(c.Officer1, CountySetup.Routine("早报的信息", topic: "hot"));
        var middle = await SubmitAsync(c.Officer2, CountySetup.Routine("其次的信息", topic: "focus"));
        var reviewed = await SubmitAsync(c.Officer3, CountySetup.Routine("已审的信息", topic: "hot"));
        var newest = await SubmitAsync(c.Officer1, CountySetup.Routine("最新的信息", topic: "hot"));
        (await c.Editor.PostAsync($"/api/v1/items/{reviewed}/reviews", new { decision = "accept", comment = "录用" })).AssertStatus(HttpStatusCode.OK);

        Assert.Equal([newest, middle, oldest], Ids(await ListAsync(c.Editor, "/api/v1/items?status=submitted")));
        Assert.Equal([oldest, middle, newest], Ids(await ListAsync(c.Editor, "/api/v1/items?status=submitted&order=oldest")));
        Assert.Equal([newest, reviewed, oldest], Ids(await ListAsync(c.Editor, "/api/v1/items?topic=hot")));
        Assert.Equal([oldest, newest], Ids(await ListAsync(c.Officer1, "/api/v1/items?topic=hot&order=oldest")));

        var queue = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await c.Editor.GetAsync($"/api/v1/items?status=submitted&order=oldest&limit=1{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .AssertStatus(HttpStatusCode.OK).Json!;
            queue.AddRange(Ids(page["items"]!.AsArray()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        Assert.Equal([oldest, middle, newest], queue);

        (await c.Editor.GetAsync("/api/v1/items?order=longest")).AssertProblem(HttpStatusCode.BadRequest, "order");
        (await c.Editor.GetAsync("/api/v1/items?topic=urgent")).AssertProblem(HttpStatusCode.BadRequest, "topic");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_new_endpoints_and_their_parameters()
    {
        var paths = (await server.Anonymous.GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!["paths"]!;
        string[] Parameters(JsonNode operation) => operation["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();

        var units = paths["/api/v1/units"]!["get"]!;
        Assert.False(string.IsNullOrEmpty(units["summary"]?.GetValue<string>()));
        Assert.All(new[] { "parent", "kind", "limit", "cursor" }, name => Assert.Contains(name, Parameters(units)));
        Assert.NotNull(units["responses"]!["403"]);
        var issues = paths["/api/v1/periodicals/{year}/issues"]!["get"]!;
        Assert.All(new[] { "year", "county", "limit", "cursor" }, name => Assert.Contains(name, Parameters(issues)));
        Assert.NotNull(issues["responses"]!["404"]);
        Assert.False(string.IsNullOrEmpty(paths["/api/v1/me"]!["get"]!["summary"]?.GetValue<string>()));
        Assert.All(new[] { "topic", "order" }, name => Assert.Contains(name, Parameters(paths["/api/v1/items"]!["get"]!)));
    }

    private static async Task<string> AcceptedAsync(CountySetup c, string title)
    {
        var id = await SubmitAsync(c.Officer1, CountySetup.Routine(title));
        (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "录用" })).AssertStatus(HttpStatusCode.OK);
        return id;
    }

    private static async Task<string> SubmitAsync(ApiClient officer, object item) =>
        (await officer.PostAsync("/api/v1/items", item)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    private static async Task<JsonArray> ListAsync(ApiClient caller, string path)
    {
        var page = (await caller.GetAsync(path)).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Null(page["nextCursor"]);
        return page["items"]!.AsArray();
    }

    private static string[] Codes(JsonArray units) => units.Select(unit => unit!["code"]!.GetValue<string>()).ToArray();

    private static string[] Ids(JsonArray items) => items.Select(item => item!["id"]!.GetValue<string>()).ToArray();
}
