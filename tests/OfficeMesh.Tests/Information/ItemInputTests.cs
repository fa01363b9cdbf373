using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>Bad input to the information endpoints gets a problem naming the field, and stores nothing.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class ItemInputTests(EmbeddedServerFixture server)
{
    // Refused input stores nothing, so the refusal cases can share one county: its list must stay empty.
    private static readonly SemaphoreSlim CountyGate = new(1, 1);
    private static CountySetup? _countyForRefusals;

    private async Task<CountySetup> CountyForRefusalsAsync()
    {
        await CountyGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _countyForRefusals ??= await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        }
        finally
        {
            CountyGate.Release();
        }
    }

    public static TheoryData<string, string> BadSubmissions => new()
    {
        { """{"title":"t","body":"b","topic":"focus","kind":"dynamic",""", "body" },
        { """{"body":"b","topic":"focus","kind":"dynamic"}""", "title" },
        { """{"title":"t","topic":"focus","kind":"dynamic"}""", "body" },
        { """{"title":"t","body":"b","kind":"dynamic"}""", "topic" },
        { """{"title":"t","body":"b","topic":"focus"}""", "kind" },
        { """{"title":"t","body":"b","topic":"weather","kind":"dynamic"}""", "topic" },
        { """{"title":"t","body":"b","topic":"focus","kind":"rumour"}""", "kind" },
        { """{"title":"t","body":"b","topic":"focus","kind":"dynamic","classification":"top-secret"}""", "classification" },
        { """{"title":"t","body":"b","topic":"focus","kind":"dynamic","urgent":true}""", "urgent" },
        { """{"title":"t","body":"b","topic":"focus","kind":"emergency"}""", "occurredAt" },
        { """{"title":"t","body":"b","topic":"focus","kind":"emergency","occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"title":"t","body":"b","topic":"focus","kind":"emergency","occurredAt":"yesterday"}""", "occurredAt" },
        { """{"title":"t","body":"b","topic":"focus","kind":"emergency","occurredAt":"2026-01-01T08:00:00"}""", "occurredAt" },
        { """{"title":"t","body":"b","topic":"focus","kind":"emergency","occurredAt":"2026-01-01T08:00:00Z","phoneReportedAt":"2026-01-01T07:00:00Z"}""", "phoneReportedAt" },
        { """["not","an","object"]""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task A_bad_submission_names_the_field_and_stores_nothing(string body, string field)
    {
        var county = await CountyForRefusalsAsync();

        (await county.Officer1.PostRawAsync("/api/v1/items", body)).AssertProblem(HttpStatusCode.BadRequest, field);

        var listed = (await county.Editor.GetAsync("/api/v1/items")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Empty(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task An_oversized_submission_gets_413_and_stores_nothing()
    {
        var county = await CountyForRefusalsAsync();
        var body = new string('字', EmbeddedServerFixture.MaxRequestBodyBytes);

        (await county.Officer1.PostAsync("/api/v1/items", new { title = "t", body, topic = "focus", kind = "dynamic" }))
            .AssertProblem(HttpStatusCode.RequestEntityTooLarge);

        Assert.Empty((await county.Editor.GetAsync("/api/v1/items")).Json!["items"]!.AsArray());
    }

    [Fact]
    public async Task Wrong_transitions_are_409_never_a_silent_no_op()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var id = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("信息"))).Json!["id"]!.GetValue<string>();

        (await county.Officer1.SendAsync(HttpMethod.Put, $"/api/v1/items/{id}", CountySetup.Routine("改"))).AssertProblem(HttpStatusCode.Conflict);
        (await county.Editor.PostAsync($"/api/v1/items/{id}/forwards", new { level = "city" })).AssertProblem(HttpStatusCode.Conflict);
        (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "reject", comment = "不采用" })).AssertStatus(HttpStatusCode.OK);
        (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "又想采用" })).AssertProblem(HttpStatusCode.Conflict);
        (await county.Officer1.PostAsync($"/api/v1/items/{id}/follow-ups", new { body = "续报" })).AssertProblem(HttpStatusCode.Conflict);

        var item = (await county.Officer1.GetAsync($"/api/v1/items/{id}")).Json!;
        Assert.Equal("rejected", item["status"]!.GetValue<string>());
        Assert.Equal(["submitted", "rejected"], item["history"]!.AsArray().Select(entry => entry!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reviews_need_a_comment_and_a_known_decision()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var id = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("信息"))).Json!["id"]!.GetValue<string>();

        (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept" })).AssertProblem(HttpStatusCode.BadRequest, "comment");
        (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "maybe", comment = "嗯" })).AssertProblem(HttpStatusCode.BadRequest, "decision");
        Assert.Equal("submitted", (await county.Officer1.GetAsync($"/api/v1/items/{id}")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secret_item_records_every_read_and_cannot_be_forwarded()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var id = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("涉密", classification: "secret"))).Json!["id"]!.GetValue<string>();
        (await county.Editor.PostAsync($"/api/v1/items/{id}/reviews", new { decision = "accept", comment = "阅" })).AssertStatus(HttpStatusCode.OK);

        await county.Leader.GetAsync($"/api/v1/items/{id}");
        var firstRead = (await county.Editor.GetAsync($"/api/v1/items/{id}")).AssertStatus(HttpStatusCode.OK).Body;
        var secondRead = (await county.Editor.GetAsync($"/api/v1/items/{id}")).AssertStatus(HttpStatusCode.OK).Body;
        Assert.Equal(firstRead, secondRead);
        var reads = (await county.Editor.GetAsync($"/api/v1/items/{id}/reads")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Equal([county.Leader.Username, county.Editor.Username, county.Editor.Username], reads.Select(entry => entry!["actor"]!.GetValue<string>()));
        Assert.All(reads, entry => Assert.Equal("item", entry!["via"]!.GetValue<string>()));

        (await county.Editor.PostAsync($"/api/v1/items/{id}/forwards", new { level = "city" })).AssertProblem(HttpStatusCode.Conflict);
        (await county.Duty.GetAsync($"/api/v1/items/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_key_is_one_item()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var key = Guid.NewGuid().ToString();
        var body = CountySetup.Routine("只报一次");

        var first = (await county.Officer1.PostAsync("/api/v1/items", body, key)).AssertStatus(HttpStatusCode.Created);
        var retry = (await county.Officer1.PostAsync("/api/v1/items", body, key)).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(first.Json!["id"]!.GetValue<string>(), retry.Json!["id"]!.GetValue<string>());
        Assert.Single((await county.Editor.GetAsync("/api/v1/items")).Json!["items"]!.AsArray());
    }

    [Fact]
    public async Task Lists_page_with_a_cursor_newest_first()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine($"信息{i}"))).Json!["id"]!.GetValue<string>());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await county.Officer1.GetAsync($"/api/v1/items?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).AssertStatus(HttpStatusCode.OK).Json!;
            seen.AddRange(page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        (await county.Officer1.GetAsync("/api/v1/items?limit=501")).AssertProblem(HttpStatusCode.BadRequest, "limit");
        (await county.Officer1.GetAsync("/api/v1/items?cursor=garbage")).AssertProblem(HttpStatusCode.BadRequest, "cursor");
        (await county.Officer1.GetAsync($"/api/v1/items?unit={county.Town2}")).AssertProblem(HttpStatusCode.Forbidden);
    }
}
