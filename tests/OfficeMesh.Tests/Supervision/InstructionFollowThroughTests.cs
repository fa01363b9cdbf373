using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>批必查、查必果、果必报 as the offices are judged by them, through the gateway.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class InstructionFollowThroughTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task An_instruction_before_review_waits_in_the_supervision_office_until_it_gets_a_case_or_a_reason()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var itemId = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("库区违建问题", "difficulty", "problem"))).Json!["id"]!.GetValue<string>();

        var first = await InstructAsync(c, itemId, "请督查室跟踪");
        var waiting = Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "instruction");
        Assert.Equal([$"{itemId}/{first}"], waiting.Select(e => e["id"]!.GetValue<string>()));
        Assert.Contains("县长", waiting[0]["detail"]!.GetValue<string>());

        (await Dispose(c, itemId, first, new { decision = "noted" })).AssertProblem(HttpStatusCode.BadRequest, "reason");
        var noted = (await Dispose(c, itemId, first, new { decision = "noted", reason = "已纳入年度重点工作督办" })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("noted", noted["instructions"]![0]!["disposition"]!.GetValue<string>());
        (await Dispose(c, itemId, first, new { decision = "noted", reason = "再次" })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Empty(Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "instruction"));

        var second = await InstructAsync(c, itemId, "限期整改");
        (await Dispose(c, itemId, second, new { decision = "open-case" })).AssertProblem(HttpStatusCode.BadRequest, "openCase");
        var opened = (await Dispose(c, itemId, second, new { decision = "open-case", openCase = new { leadUnit = c.Town1, dueAt = DateTimeOffset.UtcNow.AddDays(10) } }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        var caseId = opened["instructions"]![1]!["caseId"]!.GetValue<string>();
        var theCase = (await c.Supervisor.GetAsync($"/api/v1/cases/{caseId}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("县长", theCase["instructingLeader"]!.GetValue<string>());
        Assert.Equal(second, theCase["instructionId"]!.GetValue<string>());
        Assert.Empty(Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "instruction"));
    }

    [Fact]
    public async Task Closing_reports_the_result_to_the_leader_who_assigned_the_case_and_a_late_close_stays_late()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var caseId = (await c.Supervisor.PostAsync("/api/v1/cases", new
        {
            title = "城区停车难整治", description = "县长交办", source = "assigned", leadUnit = c.Town2, dueAt = DateTimeOffset.UtcNow.AddSeconds(2), leader = "县长",
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        (await c.Officer2.PostAsync($"/api/v1/cases/{caseId}/extensions", new { reason = "需协调", newDueAt = DateTimeOffset.UtcNow.AddDays(5) })).AssertStatus(HttpStatusCode.OK);
        Assert.Contains(Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "extension-request"), e => e["id"]!.GetValue<string>() == caseId);
        (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/extensions/decision", new { approve = false, comment = "不予延期" })).AssertStatus(HttpStatusCode.OK);
        Assert.Empty(Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "extension-request"));
        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);

        (await c.Officer2.PostAsync($"/api/v1/cases/{caseId}/result", new { text = "已施划车位200个" })).AssertStatus(HttpStatusCode.OK);
        Assert.Contains(Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "result"), e => e["id"]!.GetValue<string>() == caseId);
        var returned = (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/result/return", new { reason = "未说明群众满意度" })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("open", returned["status"]!.GetValue<string>());
        Assert.Null(returned["result"]);
        Assert.Contains(returned["history"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "result-returned");
        Assert.Empty(Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "result"));
        (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/close", new { })).AssertProblem(HttpStatusCode.Conflict);

        (await c.Officer2.PostAsync($"/api/v1/cases/{caseId}/result", new { text = "已施划车位200个，群众满意率95%" })).AssertStatus(HttpStatusCode.OK);
        var closed = (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/close", new { })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("县长", closed["reportedTo"]!.GetValue<string>());
        Assert.False(closed["closedOnTime"]!.GetValue<bool>());
        Assert.Equal(1, closed["overdueDays"]!.GetValue<int>());
        Assert.Equal("red", closed["light"]!.GetValue<string>());
        Assert.Contains((await c.Supervisor.GetAsync("/api/v1/cases?status=closed")).Json!["items"]!.AsArray(),
            e => e!["id"]!.GetValue<string>() == caseId && e["light"]!.GetValue<string>() == "red");
        var reported = Assert.Single(Inbox(await c.Leader.GetAsync("/api/v1/inbox"), "case-result"));
        Assert.Equal(caseId, reported["id"]!.GetValue<string>());
        Assert.Contains("群众满意率95%", reported["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Coordination_stays_within_the_county()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        (await c.Editor.PostAsync("/api/v1/coordinations", new { title = "跨县协调", body = "请配合", kind = "coordination", units = new[] { c.Town1, c.OtherTown }, dueAt = DateTimeOffset.UtcNow.AddDays(3) }))
            .AssertProblem(HttpStatusCode.BadRequest, "units");
    }

    private static async Task<string> InstructAsync(CountySetup c, string itemId, string text)
    {
        var item = (await c.Leader.PostAsync($"/api/v1/items/{itemId}/instructions", new { leader = "县长", level = "county", text })).AssertStatus(HttpStatusCode.OK).Json!;
        return item["instructions"]!.AsArray()[^1]!["id"]!.GetValue<string>();
    }

    private static Task<ApiResponse> Dispose(CountySetup c, string itemId, string instructionId, object body) =>
        c.Supervisor.PostAsync($"/api/v1/items/{itemId}/instructions/{instructionId}/disposition", body);

    public static List<JsonNode> Inbox(ApiResponse response, string type) =>
        response.AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == type).Select(e => e!).ToList();
}
