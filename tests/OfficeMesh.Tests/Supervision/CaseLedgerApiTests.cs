using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Tests.Documents;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>
/// What the supervision office's pages read: the work calendar's deadline for N working days (the same
/// date a case opened in working days gets), and the 督办台账 filtered by source and by leader, each case
/// with its number and the working days left.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class CaseLedgerApiTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task The_work_calendar_gives_the_deadline_a_case_opened_in_working_days_gets()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);

        // Thu 12 Feb 2026 + 5 working days: the make-up Saturday counts, the Spring Festival does not.
        var festival = (await c.Supervisor.GetAsync("/api/v1/calendar/working-days?days=5&from=2026-02-12T09:00:00%2B08:00"))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(DateTimeOffset.Parse("2026-02-26T23:59:59+08:00"), festival["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(5, festival["days"]!.GetValue<int>());

        var preview = (await c.Supervisor.GetAsync("/api/v1/calendar/working-days?days=7")).AssertStatus(HttpStatusCode.OK).Json!;
        var opened = (await c.Supervisor.PostAsync("/api/v1/cases", new
        {
            title = "农村公路养护", description = "限期完成", source = "work-plan", leadUnit = c.Town1, dueInWorkingDays = 7,
        })).AssertStatus(HttpStatusCode.Created).Json!;
        Assert.Equal(preview["dueAt"]!.GetValue<DateTimeOffset>(), opened["dueAt"]!.GetValue<DateTimeOffset>());

        var tooMany = await c.Supervisor.GetAsync("/api/v1/calendar/working-days?days=0");
        tooMany.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("工作日数", tooMany.Json!["errors"]!["days"]![0]!.GetValue<string>());
        (await c.Supervisor.GetAsync("/api/v1/calendar/working-days")).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_ledger_filters_by_source_and_leader_and_shows_numbers_and_working_days_left()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var meeting = await OpenAsync(c, "防汛检查", "meeting", c.Town1, "张县长");
        var plan = await OpenAsync(c, "招商引资", "work-plan", c.Police, null);
        var itemId = (await c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("渡口安全隐患"))).Json!["id"]!.GetValue<string>();
        var instruction = (await c.Leader.PostAsync($"/api/v1/items/{itemId}/instructions", new
        {
            leader = "县委书记", level = "county", text = "要抓紧整改",
            openCase = new { leadUnit = c.Town2, dueAt = DateTimeOffset.UtcNow.AddDays(20) },
        })).AssertStatus(HttpStatusCode.OK).Json!;
        var instructed = instruction["instructions"]![0]!["caseId"]!.GetValue<string>();

        var all = await ListAsync(c.Supervisor, "");
        Assert.Equal(3, all.Count);
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;
        Assert.Equal($"督〔{year}〕1号", all.Single(entry => Id(entry) == meeting)["number"]!.GetValue<string>());
        Assert.Equal("meeting", all.Single(entry => Id(entry) == meeting)["source"]!.GetValue<string>());
        Assert.Equal(10, all.Single(entry => Id(entry) == meeting)["workingDaysLeft"]!.GetValue<int>());

        Assert.Equal([meeting], (await ListAsync(c.Supervisor, "source=meeting")).Select(Id));
        Assert.Equal([meeting], (await ListAsync(c.Supervisor, "leader=" + Uri.EscapeDataString("张县长"))).Select(Id));
        // The leader of a case from an instruction is the one who gave it.
        Assert.Equal([instructed], (await ListAsync(c.Leader, "leader=" + Uri.EscapeDataString("县委书记"))).Select(Id));
        Assert.Equal([plan], (await ListAsync(c.Supervisor, $"source=work-plan&unit={c.Police}")).Select(Id));
        Assert.Empty(await ListAsync(c.Supervisor, "source=meeting&leader=" + Uri.EscapeDataString("县委书记")));
        (await c.Supervisor.GetAsync("/api/v1/cases?source=rumour")).AssertProblem(HttpStatusCode.BadRequest);

        var export = await Downloads.GetAsync(c.Supervisor, "/api/v1/cases/export?source=meeting");
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.StartsWith("督办台账", export.FileName);
    }

    private static async Task<string> OpenAsync(CountySetup c, string title, string source, string leadUnit, string? leader) =>
        (await c.Supervisor.PostAsync("/api/v1/cases", new { title, description = title, source, leadUnit, leader, dueInWorkingDays = 10 }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

    private static async Task<List<JsonNode>> ListAsync(ApiClient caller, string query) =>
        (await caller.GetAsync($"/api/v1/cases?{query}")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray().Select(entry => entry!).ToList();

    private static string Id(JsonNode entry) => entry["id"]!.GetValue<string>();
}
