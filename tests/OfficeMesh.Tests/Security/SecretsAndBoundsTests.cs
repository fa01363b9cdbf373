using System.Diagnostics;
using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Security;

/// <summary>Secret items are read only by those who may, and every read is on record; bad input costs little.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class SecretsAndBoundsTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task An_operator_or_admin_placed_in_a_township_cannot_read_its_secret_item()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        async Task<ApiClient> PlacedInTown1(string role)
        {
            var username = Unique.Code(role);
            (await county.Admin.PostAsync("/api/v1/accounts", new { username, password = CountySetup.Password, unitCode = county.Town1, roles = new[] { role } }))
                .AssertStatus(HttpStatusCode.Created);
            return await server.Anonymous.SignInAsync(username, CountySetup.Password);
        }
        var townOperator = await PlacedInTown1("operator");
        var townAdmin = await PlacedInTown1("admin");
        var secret = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("涉密情况", classification: "secret"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();
        var internalItem = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("内部情况", classification: "internal"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        (await townOperator.GetAsync($"/api/v1/items/{secret}")).AssertProblem(HttpStatusCode.NotFound);
        (await townAdmin.GetAsync($"/api/v1/items/{secret}")).AssertProblem(HttpStatusCode.NotFound);
        (await townOperator.GetAsync($"/api/v1/items/{internalItem}")).AssertStatus(HttpStatusCode.OK);
        (await county.Officer1.GetAsync($"/api/v1/items/{secret}")).AssertStatus(HttpStatusCode.OK);

        var reads = (await county.Editor.GetAsync($"/api/v1/items/{secret}/reads")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Equal([county.Officer1.Username], reads.Select(entry => entry!["actor"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_secret_item_shown_in_a_list_is_recorded_as_read_and_only_editors_and_leaders_see_the_reads()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var secret = (await county.Officer1.PostAsync("/api/v1/items", CountySetup.Routine("涉密情况", classification: "secret"))).AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        var listed = (await county.Editor.GetAsync($"/api/v1/items?unit={county.Town1}")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Contains(listed, entry => entry!["id"]!.GetValue<string>() == secret);

        var reads = (await county.Leader.GetAsync($"/api/v1/items/{secret}/reads")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        var read = Assert.Single(reads);
        Assert.Equal(county.Editor.Username, read!["actor"]!.GetValue<string>());
        Assert.Equal("list", read["via"]!.GetValue<string>());
        (await county.Officer1.GetAsync($"/api/v1/items/{secret}/reads")).AssertProblem(HttpStatusCode.Forbidden);
        (await county.Supervisor.GetAsync($"/api/v1/items/{secret}/reads")).AssertProblem(HttpStatusCode.Forbidden);
        (await county.OtherEditor.GetAsync($"/api/v1/items/{secret}/reads")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Scores_and_lists_refuse_periods_out_of_bounds_at_once()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var clock = Stopwatch.StartNew();
        (await county.Editor.GetAsync("/api/v1/scores?from=0001-01-01")).AssertProblem(HttpStatusCode.BadRequest, "from");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The refusal took {clock.Elapsed}.");

        (await county.Editor.GetAsync("/api/v1/scores?from=2001-01-01&to=2026-01-01")).AssertProblem(HttpStatusCode.BadRequest, "to");
        (await county.Editor.GetAsync("/api/v1/items?from=1999-12-31")).AssertProblem(HttpStatusCode.BadRequest, "from");
        (await county.Editor.GetAsync("/api/v1/items?to=9999-12-31")).AssertProblem(HttpStatusCode.BadRequest, "to");
        (await county.Duty.GetAsync("/api/v1/duty/emergencies?since=0001-01-01")).AssertProblem(HttpStatusCode.BadRequest, "since");
        (await county.Editor.GetAsync("/api/v1/scores?from=2026-01-01&to=2026-06-30")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_account_holds_a_few_event_streams_at_most()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var streams = new List<EventStream>();
        try
        {
            for (var i = 0; i < 3; i++)
                streams.Add(await EventStream.OpenAsync(county.Duty.Http, "/api/v1/duty/emergencies/stream", county.Duty.Token!));

            var fourth = await county.Duty.GetAsync("/api/v1/duty/emergencies/stream");
            fourth.AssertProblem(HttpStatusCode.TooManyRequests);
            Assert.NotNull(fourth.Headers.RetryAfter);

            // Another account of the same room is not held back by this one's streams.
            streams.Add(await EventStream.OpenAsync(county.Editor.Http, "/api/v1/duty/emergencies/stream", county.Editor.Token!));

            await streams[0].DisposeAsync();
            streams.RemoveAt(0);
            var reopened = await ReopenAsync(county.Duty);
            streams.Add(reopened);
        }
        finally
        {
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }
    }

    /// <summary>The server notices a closed stream when its next write fails or the connection drops; give it a moment.</summary>
    private static async Task<EventStream> ReopenAsync(ApiClient duty)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await EventStream.OpenAsync(duty.Http, "/api/v1/duty/emergencies/stream", duty.Token!);
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }
}
