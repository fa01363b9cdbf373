using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OfficeMesh.Contracts;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// A county's day of information work, played through the gateway: submissions, a return and a
/// revision, review, two periodical issues, forwarding, adoption, an instruction opening a case,
/// an emergency on time and one late, the duty stream, follow-ups, and the score table.
/// </summary>
public static class CountyDayScenario
{
    public static async Task PlayAsync(HttpClient http, string adminPassword, IGrainFactory grains)
    {
        var c = await CountySetup.CreateAsync(new ApiClient(http), adminPassword);
        var year = DateTimeOffset.UtcNow.Year;

        // Townships and the police department submit.
        var a = Id(await Created(c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("千岛湖镇开展环湖治理"))));
        var b = Id(await Created(c.Officer2.PostAsync("/api/v1/items", CountySetup.Routine("文昌镇群众反映道路问题", "hot", "public-sentiment"))));
        var cItem = Id(await Created(c.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Routine("渡口超载隐患", "difficulty", "problem"))));

        var queue = Ids((await c.Editor.GetAsync("/api/v1/items?status=submitted")).AssertStatus(HttpStatusCode.OK).Json!);
        Assert.Superset(new HashSet<string> { a, b, cItem }, queue.ToHashSet());

        // The section returns one item; the township revises and resubmits it.
        var returned = (await c.Editor.PostAsync($"/api/v1/items/{b}/reviews", new { decision = "return", comment = "请补充具体数字" })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("returned", returned["status"]!.GetValue<string>());
        Assert.Equal(["returned"], Ids((await c.Officer2.GetAsync("/api/v1/items")).Json!, "status"));
        var revised = (await c.Officer2.SendAsync(HttpMethod.Put, $"/api/v1/items/{b}", new { title = "文昌镇群众反映道路问题（补充）", body = "涉及3个村，约1200人。", topic = "hot", kind = "public-sentiment" }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("submitted", revised["status"]!.GetValue<string>());

        foreach (var id in new[] { a, b, cItem })
            (await c.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);

        // Two issues of the periodical, numbered 1 and 2.
        var issue1 = (await c.Editor.PostAsync($"/api/v1/periodicals/{year}/issues", new { title = "淳安信息", entries = new[] { new { itemId = a, column = "要情" } } }))
            .AssertStatus(HttpStatusCode.Created).Json!;
        var issue2 = (await c.Editor.PostAsync($"/api/v1/periodicals/{year}/issues", new { entries = new[] { new { itemId = b, column = "社情民意" }, new { itemId = cItem, column = "问题" } } }))
            .AssertStatus(HttpStatusCode.Created).Json!;
        Assert.Equal(1, issue1["number"]!.GetValue<int>());
        Assert.Equal(2, issue2["number"]!.GetValue<int>());
        var published = (await c.Officer1.GetAsync($"/api/v1/items/{a}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("published", published["status"]!.GetValue<string>());
        Assert.Equal(1, published["periodical"]!["number"]!.GetValue<int>());
        Assert.Equal("要情", published["periodical"]!["column"]!.GetValue<string>());
        var readIssue = (await c.Officer3.GetAsync($"/api/v1/periodicals/{year}/issues/2")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal([b, cItem], readIssue["entries"]!.AsArray().Select(entry => entry!["itemId"]!.GetValue<string>()));

        // Forwarded to the city, which adopts it; the province sees nothing it was not sent.
        (await c.Editor.PostAsync($"/api/v1/items/{a}/forwards", new { level = "city" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal([a], Ids((await c.CityLiaison.GetAsync("/api/v1/upper/inbox")).AssertStatus(HttpStatusCode.OK).Json!));
        Assert.Empty(Ids((await c.ProvinceLiaison.GetAsync("/api/v1/upper/inbox")).AssertStatus(HttpStatusCode.OK).Json!));
        (await c.ProvinceLiaison.GetAsync($"/api/v1/items/{a}")).AssertProblem(HttpStatusCode.NotFound);
        var adopted = (await c.CityLiaison.PostAsync($"/api/v1/items/{a}/adoptions", new { level = "city", publication = "杭州信息" })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("杭州信息", adopted["adoptions"]![0]!["publication"]!.GetValue<string>());

        // The county secretary instructs on the ferry problem, opening a case for the police with a township.
        var due = DateTimeOffset.UtcNow.AddDays(10);
        var instructed = (await c.Leader.PostAsync($"/api/v1/items/{cItem}/instructions", new
        {
            leader = "县委书记",
            level = "county",
            text = "交通、公安部门要密切配合，采取有效措施",
            openCase = new { leadUnit = c.Police, coUnits = new[] { c.Town1 }, dueAt = due },
        })).AssertStatus(HttpStatusCode.OK).Json!;
        var caseId = instructed["instructions"]![0]!["caseId"]!.GetValue<string>();
        var opened = await grains.GetGrain<ICaseGrain>(GrainKeys.Case(caseId)).Get();
        Assert.NotNull(opened);
        Assert.Equal(c.Police, opened.LeadUnit);
        Assert.Equal("县委书记", opened.InstructingLeader);

        // Emergencies: the duty room is watching the stream; one arrives on time, one late.
        await using var stream = await EventStream.OpenAsync(http, "/api/v1/duty/emergencies/stream", c.Duty.Token!);
        var now = DateTimeOffset.UtcNow;
        var onTime = (await Created(c.PoliceOfficer.PostAsync("/api/v1/items", CountySetup.Emergency("千岛湖渡船碰撞", now.AddMinutes(-30), now.AddMinutes(-20))))).Json!;
        Assert.True(onTime["emergency"]!["onTime"]!.GetValue<bool>());
        var streamed = await stream.NextAsync("emergency", TimeSpan.FromSeconds(10));
        Assert.Equal(Id(onTime), streamed!["id"]!.GetValue<string>());
        Assert.Equal("千岛湖渡船碰撞", streamed["title"]!.GetValue<string>());

        var late = (await Created(c.Officer1.PostAsync("/api/v1/items", CountySetup.Emergency("山体滑坡", now.AddHours(-3))))).Json!;
        Assert.False(late["emergency"]!["onTime"]!.GetValue<bool>());
        Assert.Equal(Id(late), (await stream.NextAsync("emergency", TimeSpan.FromSeconds(10)))!["id"]!.GetValue<string>());
        Assert.Equal([Id(late), Id(onTime)], Ids((await c.Duty.GetAsync("/api/v1/duty/emergencies")).AssertStatus(HttpStatusCode.OK).Json!));

        // Follow-ups 续报一, 续报二 (final); nothing after the final one.
        (await c.PoliceOfficer.PostAsync($"/api/v1/items/{Id(onTime)}/follow-ups", new { body = "已救起落水人员5名" })).AssertStatus(HttpStatusCode.OK);
        var final = (await c.PoliceOfficer.PostAsync($"/api/v1/items/{Id(onTime)}/follow-ups", new { body = "处置完毕", final = true })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal([1, 2], final["followUps"]!.AsArray().Select(f => f!["number"]!.GetValue<int>()));
        (await c.PoliceOfficer.PostAsync($"/api/v1/items/{Id(onTime)}/follow-ups", new { body = "再补充" })).AssertProblem(HttpStatusCode.Conflict);

        // Scores: every unit of the county, zero rows included, none of the neighbour's.
        var scores = (await c.Officer3.GetAsync("/api/v1/scores")).AssertStatus(HttpStatusCode.OK).Json!;
        var rows = scores["rows"]!.AsArray().ToDictionary(row => row!["unitCode"]!.GetValue<string>(), row => row!);
        Assert.Equal(new HashSet<string> { c.Town1, c.Town2, c.Town3, c.Police }, rows.Keys.ToHashSet());
        // Town 1: accepted 1 + published 3 + city adoption 10, late emergency -5.
        AssertRow(rows[c.Town1], submitted: 2, accepted: 1, published: 1, city: 1, instructions: 0, late: 1, points: 9, rank: 1);
        // Police: accepted 1 + published 3 + county instruction 5; its emergency was on time.
        AssertRow(rows[c.Police], submitted: 2, accepted: 1, published: 1, city: 0, instructions: 1, late: 0, points: 9, rank: 1);
        AssertRow(rows[c.Town2], submitted: 1, accepted: 1, published: 1, city: 0, instructions: 0, late: 0, points: 4, rank: 3);
        AssertRow(rows[c.Town3], submitted: 0, accepted: 0, published: 0, city: 0, instructions: 0, late: 0, points: 0, rank: 4);

        // The neighbouring county sees none of it.
        (await c.OtherEditor.GetAsync($"/api/v1/items/{a}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(Ids((await c.OtherEditor.GetAsync("/api/v1/items")).Json!));
    }

    private static void AssertRow(JsonNode row, int submitted, int accepted, int published, int city, int instructions, int late, int points, int rank)
    {
        Assert.Equal(submitted, row["submitted"]!.GetValue<int>());
        Assert.Equal(accepted, row["accepted"]!.GetValue<int>());
        Assert.Equal(published, row["published"]!.GetValue<int>());
        Assert.Equal(city, row["adoptions"]!["city"]!.GetValue<int>());
        Assert.Equal(instructions, row["instructions"]!.GetValue<int>());
        Assert.Equal(late, row["lateEmergencies"]!.GetValue<int>());
        Assert.Equal(points, row["points"]!.GetValue<int>());
        Assert.Equal(rank, row["rank"]!.GetValue<int>());
    }

    private static async Task<ApiResponse> Created(Task<ApiResponse> response) => (await response).AssertStatus(HttpStatusCode.Created);

    private static string Id(ApiResponse response) => response.Json!["id"]!.GetValue<string>();

    private static string Id(JsonNode item) => item["id"]!.GetValue<string>();

    private static List<string> Ids(JsonNode page, string field = "id") =>
        page["items"]!.AsArray().Select(item => item![field]!.GetValue<string>()).ToList();
}

[Collection(EmbeddedServerCollection.Name)]
public sealed class EmbeddedCountyDayTests(EmbeddedServerFixture server)
{
    [Fact]
    public Task A_county_day_on_embedded_storage() =>
        CountyDayScenario.PlayAsync(server.Anonymous.Http, EmbeddedServerFixture.AdminPassword, server.SiloServices.GetRequiredService<IGrainFactory>());
}

/// <summary>The same day on PostgreSQL: Orleans' ADO.NET clustering, storage and reminders on OfficeMesh's schema.</summary>
public sealed class PostgresCountyDayTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_county_day_on_postgres_storage()
    {
        var connectionString = await postgres.CreateDatabaseAsync("countyday");
        await using var server = await EmbeddedServerFixture.StartInProcessAsync("postgres-admin-password",
        [
            "--OfficeMesh:Storage:Provider=postgres",
            $"--ConnectionStrings:OfficeMesh={connectionString}",
            $"--OfficeMesh:Auth:SigningKey={TestSigningKeys.Random()}",
            $"--OfficeMesh:Cluster:ClusterId=countyday-{Guid.NewGuid():N}",
        ]);
        using var http = new HttpClient { BaseAddress = server.Address };
        await CountyDayScenario.PlayAsync(http, "postgres-admin-password", server.SiloServices!.GetRequiredService<IGrainFactory>());
    }
}
