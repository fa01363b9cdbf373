using System.Net;
using System.Text;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>
/// Every endpoint of supervision, coordination and the inbox × every role, with the exact status of
/// each cell. "lead" and "co" are the case's units (and the coordination's); "other" is a township of
/// the county the case does not involve; "county2", "super2" belong to the neighbouring county.
/// </summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class SupervisionAuthorizationTests(EmbeddedServerFixture server)
{
    private static readonly string[] Columns =
        ["anon", "lead", "co", "other", "county2", "cofficer", "editor", "super", "super2", "duty", "leader", "city", "admin", "oper"];

    private enum Prepared { None, OpenCase, ResultSubmitted, ExtensionRequested, Coordination }

    private sealed record Row(string Name, Prepared Target, Func<ApiClient, string, CountySetup, Task<ApiResponse>> Call, string Expected);

    private static readonly Row[] Table =
    [
        //                                                                                                           anon lead co  other cnty2 coff edit super sup2 duty lead city admin oper
        new("POST /cases", Prepared.None, (c, _, s) => c.PostAsync("/api/v1/cases", new { title = "督办事项", description = "限期办结", source = "assigned", leadUnit = s.Town1, coUnits = new[] { s.Town2 }, dueAt = DateTimeOffset.UtcNow.AddDays(10) }),
                                                                                                           "401 403 403 403 403 403 403 201 400 403 403 403 403 403"),
        new("POST /cases with leader", Prepared.None, (c, _, s) => c.PostAsync("/api/v1/cases", new { title = "县长交办", description = "限期办结", source = "assigned", leadUnit = s.Town1, dueInWorkingDays = 5, leader = "县长" }),
                                                                                                           "401 403 403 403 403 403 403 201 400 403 403 403 403 403"),
        new("POST /cases/{id}/result/return", Prepared.ResultSubmitted, (c, id, _) => c.PostAsync($"/api/v1/cases/{id}/result/return", new { reason = "结果不实，退回重办" }),
                                                                                                           "401 403 403 403 403 403 403 200 404 403 403 403 403 403"),
        new("GET /cases/{id}", Prepared.OpenCase, (c, id, _) => c.GetAsync($"/api/v1/cases/{id}"),
                                                                                                           "401 200 200 404 404 404 404 200 404 404 200 404 404 404"),
        new("GET /cases", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/cases"),
                                                                                                           "401 200 200 200 200 200 200 200 200 200 200 403 403 403"),
        new("POST /cases/{id}/progress", Prepared.OpenCase, (c, id, _) => c.PostAsync($"/api/v1/cases/{id}/progress", new { text = "进展" }),
                                                                                                           "401 200 200 404 404 404 404 403 404 404 403 404 404 404"),
        new("POST /cases/{id}/result", Prepared.OpenCase, (c, id, _) => c.PostAsync($"/api/v1/cases/{id}/result", new { text = "结果" }),
                                                                                                           "401 200 403 404 404 404 404 403 404 404 403 404 404 404"),
        new("POST /cases/{id}/close", Prepared.ResultSubmitted, (c, id, _) => c.PostAsync($"/api/v1/cases/{id}/close", new { }),
                                                                                                           "401 403 403 403 403 403 403 200 404 403 403 403 403 403"),
        new("POST /cases/{id}/extensions", Prepared.OpenCase, (c, id, _) => c.PostAsync($"/api/v1/cases/{id}/extensions", new { reason = "汛期", newDueAt = DateTimeOffset.UtcNow.AddDays(30) }),
                                                                                                           "401 200 403 404 404 404 404 403 404 404 403 404 404 404"),
        new("POST /cases/{id}/extensions/decision", Prepared.ExtensionRequested, (c, id, _) => c.PostAsync($"/api/v1/cases/{id}/extensions/decision", new { approve = true }),
                                                                                                           "401 403 403 403 403 403 403 200 404 403 403 403 403 403"),
        new("POST /coordinations", Prepared.None, (c, _, s) => c.PostAsync("/api/v1/coordinations", new { title = "会商", body = "请提意见", kind = "consultation", units = new[] { s.Town1, s.Town2 }, dueAt = DateTimeOffset.UtcNow.AddDays(3) }),
                                                                                                           "401 403 403 403 403 201 201 201 400 403 403 403 403 403"),
        new("POST /coordinations/{id}/responses", Prepared.Coordination, (c, id, _) => c.PostAsync($"/api/v1/coordinations/{id}/responses", new { text = "同意", position = "agree" }),
                                                                                                           "401 200 200 404 404 403 403 403 404 403 403 404 404 404"),
        new("GET /coordinations/{id}", Prepared.Coordination, (c, id, _) => c.GetAsync($"/api/v1/coordinations/{id}"),
                                                                                                           "401 200 200 404 404 200 200 200 404 200 200 404 404 404"),
        new("GET /inbox", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/inbox"),
                                                                                                           "401 200 200 200 200 200 200 200 200 200 200 200 403 403"),
        new("GET /inbox/stream", Prepared.None, (c, _, _) => EventStream.StatusAsync(c, "/api/v1/inbox/stream"),
                                                                                                           "401 200 200 200 200 200 200 200 200 200 200 200 403 403"),
        new("GET /coordinations", Prepared.Coordination, (c, _, _) => c.GetAsync("/api/v1/coordinations"),
                                                                                                           "401 200 200 200 200 200 200 200 200 200 200 200 403 403"),
        new("GET /leader/overview", Prepared.None, (c, _, _) => c.GetAsync("/api/v1/leader/overview"),
                                                                                                           "401 403 403 403 403 403 403 403 403 403 200 403 403 403"),
    ];

    [Fact]
    public async Task Every_endpoint_answers_every_role_exactly_as_the_table_says()
    {
        var s = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var callers = new Dictionary<string, ApiClient>
        {
            ["anon"] = server.Anonymous, ["lead"] = s.Officer1, ["co"] = s.Officer2, ["other"] = s.Officer3, ["county2"] = s.OtherOfficer,
            ["cofficer"] = s.CountyOfficer, ["editor"] = s.Editor, ["super"] = s.Supervisor, ["super2"] = s.OtherSupervisor, ["duty"] = s.Duty,
            ["leader"] = s.Leader, ["city"] = s.CityLiaison, ["admin"] = s.Admin, ["oper"] = s.Operator,
        };

        var mismatches = new StringBuilder();
        foreach (var row in Table)
        {
            var expected = AuthorizationTable.Cells(row.Expected, Columns.Length);
            var shared = row.Name.StartsWith("GET", StringComparison.Ordinal) ? await PrepareAsync(s, row.Target) : null;
            for (var i = 0; i < Columns.Length; i++)
            {
                var target = shared ?? await PrepareAsync(s, row.Target);
                var response = await row.Call(callers[Columns[i]], target ?? "", s);
                AuthorizationTable.Check(mismatches, row.Name, Columns[i], expected[i], response);
            }
        }
        Assert.True(mismatches.Length == 0, mismatches.ToString());
    }

    private static async Task<string?> PrepareAsync(CountySetup s, Prepared target)
    {
        switch (target)
        {
            case Prepared.None:
                return null;
            case Prepared.Coordination:
                return (await s.Editor.PostAsync("/api/v1/coordinations", new { title = "协调", body = "请办理", kind = "coordination", units = new[] { s.Town1, s.Town2 }, dueAt = DateTimeOffset.UtcNow.AddDays(3) }))
                    .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        }
        var id = (await s.Supervisor.PostAsync("/api/v1/cases", new { title = "督办", description = "限期办结", source = "work-plan", leadUnit = s.Town1, coUnits = new[] { s.Town2 }, dueAt = DateTimeOffset.UtcNow.AddDays(10) }))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        if (target == Prepared.ResultSubmitted)
            (await s.Officer1.PostAsync($"/api/v1/cases/{id}/result", new { text = "完成" })).AssertStatus(HttpStatusCode.OK);
        if (target == Prepared.ExtensionRequested)
            (await s.Officer1.PostAsync($"/api/v1/cases/{id}/extensions", new { reason = "汛期", newDueAt = DateTimeOffset.UtcNow.AddDays(30) })).AssertStatus(HttpStatusCode.OK);
        return id;
    }
}
