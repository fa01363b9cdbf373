using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>
/// One emergency from the first call to the leader's desk, through the gateway: the duty room takes a
/// phone report for a township, the township's written reports follow, the county head instructs on it
/// before the section has reviewed it, the supervision office opens a case from that instruction, sends
/// the first result back, and closes the case late; the leaders see the result and the case says how late.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class PhoneReportToLateClosingScenario(EmbeddedServerFixture server)
{
    [Fact]
    public async Task A_phone_report_ends_as_a_result_before_the_leader_closed_one_working_day_late()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var itemId = (await c.Duty.PostAsync("/api/v1/duty/emergencies", new
        {
            unitCode = c.Town3, title = "石林镇山体滑坡", body = "电话报告：滑坡阻断公路。", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-40), phoneReportedAt = DateTimeOffset.UtcNow.AddMinutes(-25),
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        (await c.Officer3.PostAsync($"/api/v1/items/{itemId}/follow-ups", new { body = "书面报告：无人员伤亡，公路中断约200米。" })).AssertStatus(HttpStatusCode.OK);
        (await c.Officer3.PostAsync($"/api/v1/items/{itemId}/follow-ups", new { body = "续报：抢通便道已开通。", final = true })).AssertStatus(HttpStatusCode.OK);

        var instructed = (await c.Leader.PostAsync($"/api/v1/items/{itemId}/instructions", new { leader = "县长", level = "county", text = "尽快抢通，排查周边隐患" }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("submitted", instructed["status"]!.GetValue<string>());
        var instructionId = instructed["instructions"]![0]!["id"]!.GetValue<string>();
        Assert.Contains(InstructionFollowThroughTests.Inbox(await c.Supervisor.GetAsync("/api/v1/inbox"), "instruction"),
            e => e["id"]!.GetValue<string>() == $"{itemId}/{instructionId}");

        var disposed = (await c.Supervisor.PostAsync($"/api/v1/items/{itemId}/instructions/{instructionId}/disposition", new
        {
            decision = "open-case", openCase = new { leadUnit = c.Town3, coUnits = new[] { c.Police }, dueAt = DateTimeOffset.UtcNow.AddSeconds(3) },
        })).AssertStatus(HttpStatusCode.OK).Json!;
        var caseId = disposed["instructions"]![0]!["caseId"]!.GetValue<string>();

        (await c.Officer3.PostAsync($"/api/v1/cases/{caseId}/result", new { text = "已抢通" })).AssertStatus(HttpStatusCode.OK);
        (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/result/return", new { reason = "未报隐患排查情况" })).AssertStatus(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        (await c.Officer3.PostAsync($"/api/v1/cases/{caseId}/result", new { text = "已抢通，排查隐患点12处并落实监测" })).AssertStatus(HttpStatusCode.OK);
        var closed = (await c.Supervisor.PostAsync($"/api/v1/cases/{caseId}/close", new { })).AssertStatus(HttpStatusCode.OK).Json!;

        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        Assert.False(closed["closedOnTime"]!.GetValue<bool>());
        Assert.Equal(1, closed["overdueDays"]!.GetValue<int>());
        Assert.Equal("县长", closed["reportedTo"]!.GetValue<string>());
        var reported = Assert.Single(InstructionFollowThroughTests.Inbox(await c.Leader.GetAsync("/api/v1/inbox"), "case-result"));
        Assert.Equal(caseId, reported["id"]!.GetValue<string>());
        Assert.Contains("排查隐患点12处", reported["detail"]!.GetValue<string>());

        var instruction = (await c.Leader.GetAsync($"/api/v1/items/{itemId}")).AssertStatus(HttpStatusCode.OK).Json!["instructions"]![0]!;
        Assert.Equal("closed", instruction["caseStatus"]!.GetValue<string>());
        Assert.Equal("已抢通，排查隐患点12处并落实监测", instruction["result"]!.GetValue<string>());
    }
}
