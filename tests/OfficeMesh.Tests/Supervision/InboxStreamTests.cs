using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OfficeMesh.Server.Hosting;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>
/// The live inbox (GET /api/v1/inbox/stream) through the gateway: what lands in a unit's inbox reaches that
/// unit's open streams within two seconds, the system's own urgings included, and nothing reaches another unit.
/// Its server checks deadlines every two seconds, so a case's urging falls within the test.
/// </summary>
public sealed class InboxStreamTests(InboxStreamTests.ShortReminderServer server) : IClassFixture<InboxStreamTests.ShortReminderServer>
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_units_stream_receives_its_returned_items_cases_urgings_coordinations_and_notices_and_nothing_of_another_unit()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, ShortReminderServer.AdminPassword);
        await using var town1 = await EventStream.OpenAsync(server.Anonymous.Http, "/api/v1/inbox/stream", c.Officer1.Token!);
        await using var town2 = await EventStream.OpenAsync(server.Anonymous.Http, "/api/v1/inbox/stream", c.Officer2.Token!);
        await using var supervisionOffice = await EventStream.OpenAsync(server.Anonymous.Http, "/api/v1/inbox/stream", c.Supervisor.Token!);
        Assert.Equal("text/event-stream", town1.MediaType);

        var itemId = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("库区清漂进展"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        (await c.Editor.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "return", comment = "请补充清漂数量" })).AssertStatus(HttpStatusCode.OK);
        var returned = await NextEntryAsync(town1, "returned-item", Promptly + Promptly);
        Assert.True(clock.Elapsed < Promptly, $"The returned item reached the stream after {clock.Elapsed}.");
        Assert.Equal(itemId, returned["id"]!.GetValue<string>());
        Assert.Equal("库区清漂进展", returned["title"]!.GetValue<string>());

        // Due in 16 s: the reminder's urging falls at 12 s (three quarters of the time), on a deadline check every 2 s.
        var caseId = (await c.Supervisor.PostAsync("/api/v1/cases", new
        {
            title = "千岛湖镇清漂督办", description = "限期完成库区清漂", source = "assigned", leadUnit = c.Town1, dueAt = DateTimeOffset.UtcNow.AddSeconds(16),
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var opened = await NextEntryAsync(town1, "case", Promptly + Promptly);
        Assert.Equal(caseId, opened["id"]!.GetValue<string>());
        var urging = await NextEntryAsync(town1, "urging", TimeSpan.FromSeconds(30));
        Assert.StartsWith($"{caseId}/", urging["id"]!.GetValue<string>());
        Assert.Equal("千岛湖镇清漂督办", urging["title"]!.GetValue<string>());
        Assert.Contains((await c.Officer1.GetAsync("/api/v1/inbox")).Json!["items"]!.AsArray(), entry => entry!["id"]!.GetValue<string>() == urging["id"]!.GetValue<string>());

        clock.Restart();
        var coordinationId = (await c.Supervisor.PostAsync("/api/v1/coordinations", new
        {
            title = "清漂经费会商", body = "请提出意见", kind = "consultation", units = new[] { c.Town1 }, dueAt = DateTimeOffset.UtcNow.AddDays(3),
        })).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var coordination = await NextEntryAsync(town1, "coordination", Promptly + Promptly);
        Assert.True(clock.Elapsed < Promptly, $"The coordination reached the stream after {clock.Elapsed}.");
        Assert.Equal(coordinationId, coordination["id"]!.GetValue<string>());

        (await c.Editor.PostAsync("/api/v1/notices", new { title = "千岛湖镇报送要点", body = "请报清漂情况", audience = new[] { c.Town1 } })).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("千岛湖镇报送要点", (await NextEntryAsync(town1, "notice", Promptly + Promptly))["title"]!.GetValue<string>());

        // The office's own backlog: the lead's result waits for the supervision office to close the case.
        (await c.Officer1.PostAsync($"/api/v1/cases/{caseId}/result", new { text = "清漂完成" })).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(caseId, (await NextEntryAsync(supervisionOffice, "result", Promptly + Promptly))["id"]!.GetValue<string>());

        // Town 2 heard none of town 1's: the first entry on its stream is the first thing addressed to it.
        (await c.Editor.PostAsync("/api/v1/notices", new { title = "文昌镇报送要点", body = "请报防汛情况", audience = new[] { c.Town2 } })).AssertStatus(HttpStatusCode.Created);
        var first = await town2.NextAsync("inbox", Promptly + Promptly);
        Assert.Equal("文昌镇报送要点", first!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_information_sections_stream_hears_of_each_item_newly_waiting_for_review_a_secret_one_without_its_title()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, ShortReminderServer.AdminPassword);
        await using var section = await EventStream.OpenAsync(server.Anonymous.Http, "/api/v1/inbox/stream", c.Editor.Token!);
        await using var town2 = await EventStream.OpenAsync(server.Anonymous.Http, "/api/v1/inbox/stream", c.Officer2.Token!);

        var clock = Stopwatch.StartNew();
        var itemId = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("千岛湖镇秋季造林进展"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var waiting = await NextEntryAsync(section, "review", Promptly + Promptly);
        Assert.True(clock.Elapsed < Promptly, $"The submission reached the section's stream after {clock.Elapsed}.");
        Assert.Equal(itemId, waiting["id"]!.GetValue<string>());
        Assert.Equal("千岛湖镇秋季造林进展", waiting["title"]!.GetValue<string>());

        var secretId = (await c.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("涉密线索", classification: "secret"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var secret = await NextEntryAsync(section, "review", Promptly + Promptly);
        Assert.Equal(secretId, secret["id"]!.GetValue<string>());
        Assert.DoesNotContain("涉密线索", secret.ToJsonString());

        // A township hears nothing of another's submissions.
        (await c.Editor.PostAsync("/api/v1/notices", new { title = "文昌镇报送要点", body = "请报防汛情况", audience = new[] { c.Town2 } })).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("文昌镇报送要点", (await town2.NextAsync("inbox", Promptly + Promptly))!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_stream_asks_for_a_token_belongs_to_unit_accounts_and_counts_against_the_accounts_streams()
    {
        var c = await CountySetup.CreateAsync(server.Anonymous, ShortReminderServer.AdminPassword);
        (await server.Anonymous.GetAsync("/api/v1/inbox/stream")).AssertProblem(HttpStatusCode.Unauthorized);
        (await EventStream.StatusAsync(c.Admin, "/api/v1/inbox/stream")).AssertProblem(HttpStatusCode.Forbidden);

        var streams = new List<EventStream>();
        try
        {
            // The duty room's account holds a few streams in all, its emergency feed and its inbox together.
            streams.Add(await EventStream.OpenAsync(c.Duty.Http, "/api/v1/duty/emergencies/stream", c.Duty.Token!));
            for (var i = 0; i < 2; i++)
                streams.Add(await EventStream.OpenAsync(c.Duty.Http, "/api/v1/inbox/stream", c.Duty.Token!));
            var fourth = await EventStream.StatusAsync(c.Duty, "/api/v1/inbox/stream");
            fourth.AssertProblem(HttpStatusCode.TooManyRequests);
            Assert.NotNull(fourth.Headers.RetryAfter);

            // Another account is not held back by this one's streams.
            streams.Add(await EventStream.OpenAsync(c.Officer1.Http, "/api/v1/inbox/stream", c.Officer1.Token!));
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_stream_is_in_the_openapi_document_as_an_event_stream()
    {
        var stream = (await server.Anonymous.GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!["paths"]!["/api/v1/inbox/stream"]!["get"]!;
        Assert.Contains("'inbox' event", stream["summary"]!.GetValue<string>());
        Assert.NotNull(stream["responses"]!["200"]!["content"]!["text/event-stream"]);
        Assert.NotNull(stream["responses"]!["429"]);
    }

    /// <summary>The next inbox entry of <paramref name="type"/> on the stream (entries of other types are passed over).</summary>
    private static async Task<JsonNode> NextEntryAsync(EventStream stream, string type, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"No '{type}' entry reached the stream within {timeout}.");
            var entry = await stream.NextAsync("inbox", left);
            if (entry?["type"]?.GetValue<string>() == type)
                return entry;
        }
    }

    /// <summary>An all-in-one server whose supervision reminder checks deadlines every two seconds.</summary>
    public sealed class ShortReminderServer : IAsyncLifetime
    {
        public const string AdminPassword = "admin-password-for-inbox-streams";

        private readonly TemporaryDataDirectory _data = new();
        private OfficeMeshServer? _server;
        private HttpClient? _http;

        public ApiClient Anonymous => new(_http!);

        public async ValueTask InitializeAsync()
        {
            _server = await EmbeddedServerFixture.StartInProcessAsync(AdminPassword,
            [
                $"--OfficeMesh:Storage:DataDirectory={_data.Path}",
                "--OfficeMesh:Supervision:ReminderPeriod=00:00:02",
            ]);
            _http = new HttpClient { BaseAddress = _server.Address };
        }

        public async ValueTask DisposeAsync()
        {
            _http?.Dispose();
            if (_server is not null)
                await _server.DisposeAsync();
            _data.Dispose();
        }
    }
}
