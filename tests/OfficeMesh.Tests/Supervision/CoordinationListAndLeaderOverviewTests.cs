using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>What the coordination and leaders' pages read: a unit's list of coordinations, and the leader's overview in one call.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class CoordinationListAndLeaderOverviewTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_unit_lists_the_coordinations_it_created_or_must_answer_with_each_units_state_and_never_another_units()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var both = await CreateAsync(c.Supervisor, "防汛物资调配会商", "consultation", c.Town1, c.Town2);
        var third = await CreateAsync(c.Editor, "信息报送口径协调", "coordination", c.Town3);

        (await c.Officer1.PostAsync($"/api/v1/coordinations/{both}/responses", new { text = "同意调配", position = "agree" })).AssertStatus(HttpStatusCode.OK);
        var again = (await c.Officer1.PostAsync($"/api/v1/coordinations/{both}/responses", new { text = "再次答复", position = "object" })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("本单位已经答复过", again["detail"]!.GetValue<string>());

        var created = Entry(await c.Supervisor.GetAsync("/api/v1/coordinations"), both);
        Assert.Equal("created", created["role"]!.GetValue<string>());
        Assert.Equal("consultation", created["kind"]!.GetValue<string>());
        var units = created["units"]!.AsArray().ToDictionary(u => u!["unitCode"]!.GetValue<string>(), u => u!);
        Assert.Equal(("answered", "agree"), (units[c.Town1]["status"]!.GetValue<string>(), units[c.Town1]["position"]!.GetValue<string>()));
        Assert.Equal("pending", units[c.Town2]["status"]!.GetValue<string>());
        Assert.Null(units[c.Town2]["position"]);

        Assert.Equal("asked", Entry(await c.Officer2.GetAsync("/api/v1/coordinations"), both)["role"]!.GetValue<string>());
        Assert.Equal([third], Ids(await c.Officer3.GetAsync("/api/v1/coordinations")));
        Assert.Empty(Ids(await c.OtherOfficer.GetAsync("/api/v1/coordinations")));
        // The county office created both (from two of its offices): newest first.
        Assert.Equal([third, both], Ids(await c.Editor.GetAsync("/api/v1/coordinations")));
        (await c.Admin.GetAsync("/api/v1/coordinations")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_leader_overview_has_todays_emergencies_red_cases_the_leaders_instructions_with_their_results_and_the_months_scores()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var emergency = Id(await c.Officer1.PostAsync("/api/v1/items", CountySetup.Emergency("千岛湖镇山体滑坡", DateTimeOffset.UtcNow.AddMinutes(-20))));
        var routine = Id(await c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("文昌镇渡口超载隐患")));
        var instructed = (await c.Leader.PostAsync($"/api/v1/items/{routine}/instructions", new
        {
            leader = "县长", level = "county", text = "交通、公安部门要密切配合", openCase = new { leadUnit = c.Town2, dueAt = DateTimeOffset.UtcNow.AddDays(10) },
        })).AssertStatus(HttpStatusCode.OK).Json!;
        var instructionCase = instructed["instructions"]![0]!["caseId"]!.GetValue<string>();
        var late = Id(await c.Supervisor.PostAsync("/api/v1/cases", new
        {
            title = "城区停车难整治", description = "县长交办", source = "assigned", leadUnit = c.Town3, dueAt = DateTimeOffset.UtcNow.AddSeconds(1),
        }));
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        var open = (await c.Leader.GetAsync("/api/v1/leader/overview")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Contains(emergency, Ids(open["emergencies"]!));
        Assert.DoesNotContain(routine, Ids(open["emergencies"]!));
        Assert.Equal((2, 1), (open["cases"]!["open"]!.GetValue<int>(), open["cases"]!["red"]!.GetValue<int>()));
        var watched = Assert.Single(open["watched"]!.AsArray());
        Assert.Equal((late, "red"), (watched!["id"]!.GetValue<string>(), watched["light"]!.GetValue<string>()));
        var pending = Assert.Single(open["instructions"]!.AsArray())!;
        Assert.Equal((instructionCase, "open", routine), (pending["caseId"]!.GetValue<string>(), pending["status"]!.GetValue<string>(), pending["itemId"]!.GetValue<string>()));
        Assert.Null(pending["result"]);
        var town1 = open["scores"]!["rows"]!.AsArray().Single(row => row!["unitCode"]!.GetValue<string>() == c.Town1)!;
        Assert.Equal(1, town1["submitted"]!.GetValue<int>());

        (await c.Officer2.PostAsync($"/api/v1/cases/{instructionCase}/result", new { text = "已增派执法力量，渡口实行限载" })).AssertStatus(HttpStatusCode.OK);
        (await c.Supervisor.PostAsync($"/api/v1/cases/{instructionCase}/close", new { })).AssertStatus(HttpStatusCode.OK);
        var closed = Assert.Single((await c.Leader.GetAsync("/api/v1/leader/overview")).AssertStatus(HttpStatusCode.OK).Json!["instructions"]!.AsArray())!;
        Assert.Equal(("closed", "已增派执法力量，渡口实行限载"), (closed["status"]!.GetValue<string>(), closed["result"]!.GetValue<string>()));

        // Another leader of the county sees the county, not this leader's instructions; a township officer does not see the page.
        var username = Unique.Code("leader");
        (await c.Admin.PostAsync("/api/v1/accounts", new { username, password = CountySetup.Password, unitCode = c.County, roles = new[] { "leader" } }))
            .AssertStatus(HttpStatusCode.Created);
        var other = (await (await server.Anonymous.SignInAsync(username, CountySetup.Password)).GetAsync("/api/v1/leader/overview")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Empty(other["instructions"]!.AsArray());
        Assert.Contains(emergency, Ids(other["emergencies"]!));
        (await c.Officer1.GetAsync("/api/v1/leader/overview")).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_coordination_list_and_the_leader_overview()
    {
        var paths = (await server.Anonymous.GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!["paths"]!;
        var list = paths["/api/v1/coordinations"]!["get"]!;
        Assert.False(string.IsNullOrEmpty(list["summary"]?.GetValue<string>()));
        Assert.All(new[] { "limit", "cursor" }, name => Assert.Contains(name, list["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())));
        Assert.Contains("the result", paths["/api/v1/leader/overview"]!["get"]!["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<string> CreateAsync(ApiClient creator, string title, string kind, params string[] units) =>
        Id(await creator.PostAsync("/api/v1/coordinations", new { title, body = "请各单位研究答复", kind, units, dueAt = DateTimeOffset.UtcNow.AddDays(3) }));

    private static string Id(ApiResponse response) => response.AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    private static List<string> Ids(ApiResponse response) => Ids(response.AssertStatus(HttpStatusCode.OK).Json!["items"]!);

    private static List<string> Ids(JsonNode list) => list.AsArray().Select(entry => entry!["id"]!.GetValue<string>()).ToList();

    private static JsonNode Entry(ApiResponse response, string id) =>
        response.AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray().Single(entry => entry!["id"]!.GetValue<string>() == id)!;
}
