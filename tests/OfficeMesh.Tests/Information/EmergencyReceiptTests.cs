using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// Emergencies as the duty room lives them: the first receipt is a fact, phone reports are taken down
/// for the unit, secret emergencies reach the duty room, and units under a department report
/// emergencies themselves only when they are direct-reporting (重点直报单位).
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class EmergencyReceiptTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task Revising_a_returned_emergency_keeps_its_first_receipt_and_only_the_duty_room_corrects_it_on_the_record()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-3);
        var submitted = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Emergency("山洪冲毁道路", occurredAt))).AssertStatus(HttpStatusCode.Created).Json!;
        var id = submitted["id"]!.GetValue<string>();
        var receivedAt = submitted["emergency"]!["receivedAt"]!.GetValue<DateTimeOffset>();
        Assert.False(submitted["emergency"]!["onTime"]!.GetValue<bool>());
        (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "return", comment = "请补充伤亡情况" })).AssertStatus(HttpStatusCode.OK);

        // A revision claiming a later occurrence cannot make a late report on time.
        (await c.Officer1.SendAsync(HttpMethod.Put, $"/api/v1/items/{id}", CountySetup.Emergency("山洪冲毁道路（补充）", DateTimeOffset.UtcNow.AddMinutes(-30))))
            .AssertProblem(HttpStatusCode.BadRequest, "occurredAt");
        var revised = (await c.Officer1.SendAsync(HttpMethod.Put, $"/api/v1/items/{id}", CountySetup.Emergency("山洪冲毁道路（补充）", occurredAt)))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("submitted", revised["status"]!.GetValue<string>());
        Assert.False(revised["emergency"]!["onTime"]!.GetValue<bool>());
        Assert.Equal(receivedAt, revised["emergency"]!["receivedAt"]!.GetValue<DateTimeOffset>());

        // The unit cannot correct it; the duty room can, with a reason, and both times stay in the history.
        (await c.Officer1.PostAsync($"/api/v1/items/{id}/occurrence", new { occurredAt = receivedAt.AddMinutes(-50), reason = "核实" })).AssertProblem(HttpStatusCode.Forbidden);
        (await c.Duty.PostAsync($"/api/v1/items/{id}/occurrence", new { occurredAt = receivedAt.AddMinutes(-50) })).AssertProblem(HttpStatusCode.BadRequest, "reason");
        var corrected = (await c.Duty.PostAsync($"/api/v1/items/{id}/occurrence", new { occurredAt = receivedAt.AddMinutes(-50), reason = "经现场核实，山洪发生于接报前50分钟" }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.True(corrected["emergency"]!["onTime"]!.GetValue<bool>());
        Assert.Equal(receivedAt.AddMinutes(-50), corrected["occurredAt"]!.GetValue<DateTimeOffset>());
        var entry = Assert.Single(corrected["history"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "occurrence-corrected")!;
        Assert.Contains(occurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm"), entry["detail"]!.GetValue<string>());
        Assert.Contains("经现场核实", entry["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_duty_room_takes_a_phone_report_for_a_unit_whose_written_reports_follow_as_follow_ups()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var phoned = DateTimeOffset.UtcNow.AddMinutes(-20);
        var taken = (await c.Duty.PostAsync("/api/v1/duty/emergencies", new
        {
            unitCode = c.Town1, title = "千岛湖镇渡船搁浅", body = "电话报告：渡船搁浅，乘客30人。", occurredAt = DateTimeOffset.UtcNow.AddHours(-2.5), phoneReportedAt = phoned,
        })).AssertStatus(HttpStatusCode.Created).Json!;
        var id = taken["id"]!.GetValue<string>();
        Assert.Equal(c.Town1, taken["unitCode"]!.GetValue<string>());
        Assert.Equal("emergency", taken["kind"]!.GetValue<string>());
        Assert.NotNull(taken["takenByPhone"]?.GetValue<string>());
        Assert.Equal(phoned, taken["emergency"]!["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.False(taken["emergency"]!["onTime"]!.GetValue<bool>());
        Assert.Contains(taken["history"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "phone-report-taken");
        Assert.Contains(Ids((await c.Duty.GetAsync("/api/v1/duty/emergencies")).Json!), i => i == id);

        // The unit sees it as its own and writes the follow-ups.
        (await c.Officer1.GetAsync($"/api/v1/items/{id}")).AssertStatus(HttpStatusCode.OK);
        var followed = (await c.Officer1.PostAsync($"/api/v1/items/{id}/follow-ups", new { body = "书面报告：乘客已全部转移。", final = true })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Single(followed["followUps"]!.AsArray());

        (await c.Duty.PostAsync("/api/v1/duty/emergencies", new { unitCode = c.OtherTown, title = "外县", body = "外县", occurredAt = phoned, phoneReportedAt = phoned }))
            .AssertProblem(HttpStatusCode.BadRequest, "unitCode");
        (await c.Duty.PostAsync("/api/v1/duty/emergencies", new { unitCode = c.Town1, title = "无时间", body = "无电话时间", occurredAt = phoned }))
            .AssertProblem(HttpStatusCode.BadRequest, "phoneReportedAt");
    }

    [Fact]
    public async Task Secret_emergencies_reach_the_duty_room_and_each_read_is_recorded()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var secret = new { title = "涉密突发事件", body = "现场情况。", topic = "hot", kind = "emergency", classification = "secret", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-10) };
        var id = (await c.PoliceOfficer.PostAsync("/api/v1/items", secret)).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        Assert.Contains(id, Ids((await c.Duty.GetAsync("/api/v1/duty/emergencies")).Json!));
        Assert.Contains(id, Ids((await c.Editor.GetAsync("/api/v1/duty/emergencies")).Json!));
        (await c.Duty.GetAsync($"/api/v1/items/{id}")).AssertStatus(HttpStatusCode.OK);
        var reads = (await c.Editor.GetAsync($"/api/v1/items/{id}/reads")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Contains(reads, read => read!["via"]!.GetValue<string>() == "duty-list");
        Assert.Contains(reads, read => read!["via"]!.GetValue<string>() == "item");
        // A secret routine item stays out of the duty room's reach.
        var routine = (await c.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Routine("涉密常规信息", classification: "secret"))).Json!["id"]!.GetValue<string>();
        (await c.Duty.GetAsync($"/api/v1/items/{routine}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_unit_under_a_department_reports_emergencies_itself_only_when_direct_reporting()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        string direct = Unique.Code("station"), plain = Unique.Code("station");
        (await c.Admin.PostAsync("/api/v1/units", new { code = direct, name = "城关派出所", kind = "department", parentCode = c.Police, directReporting = true })).AssertStatus(HttpStatusCode.Created);
        (await c.Admin.PostAsync("/api/v1/units", new { code = plain, name = "警务室", kind = "department", parentCode = c.Police })).AssertStatus(HttpStatusCode.Created);
        var directOfficer = await Officer(c, direct);
        var plainOfficer = await Officer(c, plain);

        var id = (await directOfficer.PostAsync("/api/v1/items", CountySetup.Emergency("群体性事件", DateTimeOffset.UtcNow.AddMinutes(-15))))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        Assert.Contains(id, Ids((await c.Duty.GetAsync("/api/v1/duty/emergencies")).Json!));
        (await plainOfficer.PostAsync("/api/v1/items", CountySetup.Emergency("群体性事件", DateTimeOffset.UtcNow.AddMinutes(-15)))).AssertProblem(HttpStatusCode.Forbidden);
        (await plainOfficer.PostAsync("/api/v1/items", CountySetup.Routine("警务室工作动态"))).AssertStatus(HttpStatusCode.Created);
    }

    private static async Task<ApiClient> Officer(CountySetup c, string unit)
    {
        var username = Unique.Code("user");
        (await c.Admin.PostAsync("/api/v1/accounts", new { username, password = CountySetup.Password, unitCode = unit, roles = new[] { "unit-officer" } })).AssertStatus(HttpStatusCode.Created);
        return await new ApiClient(c.Admin.Http).SignInAsync(username, CountySetup.Password);
    }

    private static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).ToList();
}
