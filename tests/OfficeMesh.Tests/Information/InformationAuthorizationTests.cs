using System.Net;
using System.Text;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// Every endpoint of the information workflow × every role, at the item's own unit, another unit of
/// the county and another county, with the exact status each must get. The table is the spec:
/// 404 where the caller may not even know the item exists, 403 where the role may not act at all.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class InformationAuthorizationTests(EmbeddedServerFixture server)
{
    /// <summary>Columns, in order. "own" submitted the item; "unit2" is another township of the county; "county2" a township of the neighbouring county.</summary>
    private static readonly string[] Columns =
        ["anon", "own", "unit2", "county2", "cofficer", "editor", "editor2", "super", "duty", "leader", "city", "prov", "admin", "oper"];

    private enum Prepared { None, Submitted, Secret, Returned, Accepted, ForwardedToCity, Emergency, Instructed, AcceptedPair }

    private sealed record Context(int IssueNumber, string County, string Town);

    private sealed record Row(string Name, Prepared Item, Func<ApiClient, string, Context, Task<ApiResponse>> Call, string Expected);

    private static readonly int Year = DateTimeOffset.UtcNow.Year;

    private static readonly Row[] Table =
    [
        //                                                                                              anon own unit2 county2 cofficer editor editor2 super duty leader city prov admin oper
        new("POST /items", Prepared.None, (c, _, _) => c.PostAsync("/api/v1/items", CountySetup.Routine("新信息")),
                                                                                              "401 201 201 201 403 403 403 403 403 403 403 403 403 403"),
        new("GET /items/{id}", Prepared.Submitted, (c, id, _) => c.GetAsync($"/api/v1/items/{id}"),
                                                                                              "401 200 404 404 404 200 404 200 200 200 404 404 404 404"),
        new("GET /items/{id} secret", Prepared.Secret, (c, id, _) => c.GetAsync($"/api/v1/items/{id}"),
                                                                                              "401 200 404 404 404 200 404 404 404 200 404 404 404 404"),
        new("GET /items/{id} forwarded", Prepared.ForwardedToCity, (c, id, _) => c.GetAsync($"/api/v1/items/{id}"),
                                                                                              "401 200 404 404 404 200 404 200 200 200 200 404 404 404"),
        new("GET /items", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/items"),
                                                                                              "401 200 200 200 200 200 200 200 200 200 403 403 403 403"),
        new("PUT /items/{id}", Prepared.Returned, (c, id, _) => c.SendAsync(HttpMethod.Put, $"/api/v1/items/{id}", CountySetup.Routine("修改后")),
                                                                                              "401 200 404 404 404 403 403 403 403 403 403 403 403 403"),
        new("POST /items/{id}/reviews", Prepared.Submitted, (c, id, _) => c.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "好" }),
                                                                                              "401 403 403 403 403 200 404 403 403 403 403 403 403 403"),
        new("POST /items/{id}/forwards", Prepared.Accepted, (c, id, _) => c.PostAsync($"/api/v1/items/{id}/forwards", new { level = "city" }),
                                                                                              "401 403 403 403 403 200 404 403 403 403 403 403 403 403"),
        new("POST /items/{id}/adoptions", Prepared.ForwardedToCity, (c, id, _) => c.PostAsync($"/api/v1/items/{id}/adoptions", new { level = "city", publication = "杭州信息" }),
                                                                                              "401 403 403 403 403 200 404 403 403 403 200 404 403 403"),
        new("POST /items/{id}/instructions", Prepared.Accepted, (c, id, _) => c.PostAsync($"/api/v1/items/{id}/instructions", new { leader = "县长", level = "county", text = "抓紧落实" }),
                                                                                              "401 403 403 403 403 200 404 403 403 200 404 404 403 403"),
        new("POST /items/{id}/follow-ups", Prepared.Emergency, (c, id, _) => c.PostAsync($"/api/v1/items/{id}/follow-ups", new { body = "续报" }),
                                                                                              "401 200 404 404 404 403 403 403 403 403 403 403 403 403"),
        new("POST /periodicals/{year}/issues", Prepared.Accepted, (c, id, _) => c.PostAsync($"/api/v1/periodicals/{Year}/issues", new { entries = new[] { new { itemId = id, column = "要情" } } }),
                                                                                              "401 403 403 403 403 201 400 403 403 403 403 403 403 403"),
        new("GET /periodicals/{year}/issues/{n}", Prepared.None, (c, _, x) => c.GetAsync($"/api/v1/periodicals/{Year}/issues/{x.IssueNumber}"),
                                                                                              "401 200 200 404 200 200 404 200 200 200 400 400 400 400"),
        // A periodical stays in its county: its accounts and the upper offices above it read it; to anyone else it does not exist.
        new("GET /periodicals/{year}/issues/{n}?county=", Prepared.None, (c, _, x) => c.GetAsync($"/api/v1/periodicals/{Year}/issues/{x.IssueNumber}?county={x.County}"),
                                                                                              "401 200 200 404 200 200 404 200 200 200 200 200 404 404"),
        new("GET /periodicals/{year}/issues?county=", Prepared.None, (c, _, x) => c.GetAsync($"/api/v1/periodicals/{Year}/issues?county={x.County}"),
                                                                                              "401 200 200 404 200 200 404 200 200 200 200 200 404 404"),
        new("GET /periodicals/{year}/issues", Prepared.None, (c, _, _) => c.GetAsync($"/api/v1/periodicals/{Year}/issues"),
                                                                                              "401 200 200 200 200 200 200 200 200 200 400 400 400 400"),
        new("POST /items/{id}/occurrence", Prepared.Emergency, (c, id, _) => c.PostAsync($"/api/v1/items/{id}/occurrence", new { occurredAt = DateTimeOffset.UtcNow.AddMinutes(-30), reason = "经核实发生时间更早" }),
                                                                                              "401 403 403 403 403 200 404 403 200 403 403 403 403 403"),
        new("POST /items/{id}/instructions/{iid}/disposition", Prepared.Instructed, (c, id, _) => c.PostAsync($"/api/v1/items/{id.Split('/')[0]}/instructions/{id.Split('/')[1]}/disposition", new { decision = "noted", reason = "已在常规工作中落实" }),
                                                                                              "401 403 403 403 403 403 403 200 403 403 403 403 403 403"),
        new("POST /items/composite", Prepared.AcceptedPair, (c, ids, _) => c.PostAsync("/api/v1/items/composite", new { title = "综合信息", body = "各地情况综合如下。", topic = "focus", kind = "dynamic", sourceItemIds = ids.Split(',') }),
                                                                                              "401 403 403 403 403 201 400 403 403 403 403 403 403 403"),
        new("PUT /items/{id}/text", Prepared.Accepted, (c, id, _) => c.SendAsync(HttpMethod.Put, $"/api/v1/items/{id}/text", new { title = "编辑后标题", body = "编辑后正文。" }),
                                                                                              "401 403 403 403 403 200 404 403 403 403 403 403 403 403"),
        new("POST /duty/emergencies", Prepared.None, (c, _, x) => c.PostAsync("/api/v1/duty/emergencies", new { unitCode = x.Town, title = "电话报告：山体滑坡", body = "值班室代录。", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-30), phoneReportedAt = DateTimeOffset.UtcNow.AddMinutes(-20) }),
                                                                                              "401 403 403 403 403 403 403 403 201 403 403 403 403 403"),
        new("GET /scores/authors", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/scores/authors"),
                                                                                              "401 200 200 200 200 200 200 200 200 200 403 403 403 403"),
        new("GET /upper/inbox", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/upper/inbox"),
                                                                                              "401 403 403 403 403 403 403 403 403 403 200 200 403 403"),
        new("GET /duty/emergencies", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/duty/emergencies"),
                                                                                              "401 403 403 403 403 200 200 403 200 403 403 403 403 403"),
        new("GET /duty/emergencies/stream", Prepared.None, (c, _, _) => EventStream.StatusAsync(c, "/api/v1/duty/emergencies/stream"),
                                                                                              "401 403 403 403 403 200 200 403 200 403 403 403 403 403"),
        new("POST /notices", Prepared.None, (c, _, _) => c.PostAsync("/api/v1/notices", new { title = "报送要点", body = "本月重点", keyPoints = new[] { "防汛" } }),
                                                                                              "401 403 403 403 403 201 201 403 403 403 403 403 403 403"),
        new("GET /notices", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/notices"),
                                                                                              "401 200 200 200 200 200 200 200 200 200 200 200 200 200"),
        new("GET /scores", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/scores"),
                                                                                              "401 200 200 200 200 200 200 200 200 200 403 403 403 403"),
    ];

    [Fact]
    public async Task Every_endpoint_answers_every_role_exactly_as_the_table_says()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var callers = new Dictionary<string, ApiClient>
        {
            ["anon"] = server.Anonymous, ["own"] = county.Officer1, ["unit2"] = county.Officer2, ["county2"] = county.OtherOfficer,
            ["cofficer"] = county.CountyOfficer, ["editor"] = county.Editor, ["editor2"] = county.OtherEditor, ["super"] = county.Supervisor,
            ["duty"] = county.Duty, ["leader"] = county.Leader, ["city"] = county.CityLiaison, ["prov"] = county.ProvinceLiaison,
            ["admin"] = county.Admin, ["oper"] = county.Operator,
        };
        // One published issue, so reading issue 1 of the county has something to find.
        var published = await PrepareAsync(county, Prepared.Accepted);
        (await county.Editor.PostAsync($"/api/v1/periodicals/{Year}/issues", new { entries = new[] { new { itemId = published, column = "要情" } } }))
            .AssertStatus(HttpStatusCode.Created);
        var issueNumber = (await county.Editor.GetAsync($"/api/v1/items/{published}")).Json!["periodical"]!["number"]!.GetValue<int>();

        var mismatches = new StringBuilder();
        foreach (var row in Table)
        {
            var expected = AuthorizationTable.Cells(row.Expected, Columns.Length);
            // A read shares one item; an action gets a fresh one per caller, so no cell depends on another.
            var shared = IsRead(row) ? await PrepareAsync(county, row.Item) : null;
            for (var i = 0; i < Columns.Length; i++)
            {
                var itemId = shared ?? await PrepareAsync(county, row.Item);
                var response = await row.Call(callers[Columns[i]], itemId ?? "", new Context(issueNumber, county.County, county.Town1));
                AuthorizationTable.Check(mismatches, row.Name, Columns[i], expected[i], response);
            }
        }
        Assert.True(mismatches.Length == 0, mismatches.ToString());
    }

    private static bool IsRead(Row row) => row.Name.StartsWith("GET", StringComparison.Ordinal);

    private static async Task<string?> PrepareAsync(CountySetup county, Prepared state)
    {
        if (state == Prepared.None)
            return null;
        if (state == Prepared.AcceptedPair)
            return $"{await PrepareAsync(county, Prepared.Accepted)},{await PrepareAsync(county, Prepared.Accepted)}";
        var body = state switch
        {
            Prepared.Secret => CountySetup.Routine("涉密信息", classification: "secret"),
            Prepared.Emergency => CountySetup.Emergency("突发事件", DateTimeOffset.UtcNow.AddMinutes(-10)),
            _ => CountySetup.Routine("待办信息"),
        };
        var id = (await county.Officer1.PostAsync("/api/v1/items", body)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        if (state is Prepared.Returned or Prepared.Accepted or Prepared.ForwardedToCity)
        {
            var decision = state == Prepared.Returned ? "return" : "accept";
            (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision, comment = "审核意见" })).AssertStatus(HttpStatusCode.OK);
        }
        if (state == Prepared.ForwardedToCity)
            (await county.Editor.PostAsync($"/api/v1/items/{id}/forwards", new { level = "city" })).AssertStatus(HttpStatusCode.OK);
        if (state == Prepared.Instructed)
        {
            var instructed = (await county.Leader.PostAsync($"/api/v1/items/{id}/instructions", new { leader = "县长", level = "county", text = "请督查室跟踪" }))
                .AssertStatus(HttpStatusCode.OK).Json!;
            return $"{id}/{instructed["instructions"]![0]!["id"]!.GetValue<string>()}";
        }
        return id;
    }
}
