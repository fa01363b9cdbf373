using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>批必查、查必果、果必报 through the gateway: a leader's instruction on an item opens a case that ends reported back to that leader.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class CaseFromInstructionTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_case_runs_from_a_leaders_instruction_to_its_closing_and_report_back()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var itemId = (await c.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Routine("渡口超载隐患", "difficulty", "problem"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "accept", comment = "报领导" })).AssertStatus(HttpStatusCode.OK);

        var instructed = (await c.Leader.PostAsync($"/api/v1/items/{itemId}/instructions", new
        {
            leader = "县委书记",
            level = "county",
            text = "交通、公安部门要密切配合，采取有效措施",
            openCase = new { leadUnit = c.Police, coUnits = new[] { c.Town1 }, dueAt = DateTimeOffset.UtcNow.AddDays(15) },
        })).AssertStatus(HttpStatusCode.OK).Json!;
        var caseId = instructed["instructions"]![0]!["caseId"]!.GetValue<string>();

        var opened = (await c.Supervisor.GetAsync($"/api/v1/cases/{caseId}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("instruction", opened["source"]!.GetValue<string>());
        Assert.Equal(itemId, opened["sourceRef"]!.GetValue<string>());
        Assert.Equal("open", opened["status"]!.GetValue<string>());
        Assert.Equal("green", opened["light"]!.GetValue<string>());
        Assert.Contains((await c.PoliceOfficer.GetAsync("/api/v1/inbox")).Json!["items"]!.AsArray(),
            entry => entry!["type"]!.GetValue<string>() == "case" && entry["id"]!.GetValue<string>() == caseId && entry["light"]!.GetValue<string>() == "green");
        Assert.Contains((await c.Supervisor.GetAsync("/api/v1/cases?status=open")).Json!["items"]!.AsArray(), entry => entry!["id"]!.GetValue<string>() == caseId);

        (await c.Officer1.PostAsync($"/api/v1/cases/{caseId}/progress", new { text = "已配合排查渡口", percent = 30 })).AssertStatus(HttpStatusCode.OK);
        (await c.PoliceOfficer.PostAsync($"/api/v1/cases/{caseId}/progress", new { text = "已查处超载船只3艘", obstacles = "执法力量不足", percent = 70 })).AssertStatus(HttpStatusCode.OK);
        (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/close", new { })).AssertProblem(HttpStatusCode.Conflict);
        (await c.PoliceOfficer.PostAsync($"/api/v1/cases/{caseId}/result", new { text = "渡口全部配备安全员，超载已杜绝" })).AssertStatus(HttpStatusCode.OK);

        var closed = (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/close", new { })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.Equal("县委书记", closed["reportedTo"]!.GetValue<string>());
        Assert.NotNull(closed["closedAt"]);
        Assert.Equal(2, closed["progress"]!.AsArray().Count);
        Assert.Contains(closed["history"]!.AsArray(), entry => entry!["action"]!.GetValue<string>() == "reported" && entry["detail"]!.GetValue<string>() == "县委书记");
        Assert.DoesNotContain((await c.PoliceOfficer.GetAsync("/api/v1/inbox")).Json!["items"]!.AsArray(), entry => entry!["id"]!.GetValue<string>() == caseId);
    }

    [Fact]
    public async Task A_returned_item_waits_in_its_units_inbox_until_revised()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var itemId = (await c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("道路问题"))).Json!["id"]!.GetValue<string>();
        (await c.Editor.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "return", comment = "请补充数字" })).AssertStatus(HttpStatusCode.OK);

        var waiting = Assert.Single((await c.Officer2.GetAsync("/api/v1/inbox")).Json!["items"]!.AsArray(), entry => entry!["type"]!.GetValue<string>() == "returned-item");
        Assert.Equal(itemId, waiting!["id"]!.GetValue<string>());
        Assert.Equal("请补充数字", waiting["detail"]!.GetValue<string>());
        Assert.NotNull(waiting["since"]);

        (await c.Officer2.SendAsync(HttpMethod.Put, $"/api/v1/items/{itemId}", CountySetup.Routine("道路问题（补充）"))).AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain((await c.Officer2.GetAsync("/api/v1/inbox")).Json!["items"]!.AsArray(), entry => entry!["type"]!.GetValue<string>() == "returned-item");
    }
}
