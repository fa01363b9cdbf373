using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OfficeMesh.Contracts;
using OfficeMesh.Storage.Embedded;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>
/// A day of acts by several roles, then the admin reads them back from <c>GET /api/v1/audit</c>: who did what to
/// which resource, how it ended and from where. Played through the gateway on embedded storage and on PostgreSQL.
/// </summary>
public static class AuditDayScenario
{
    public const string Password = "a-password-for-audit";

    /// <summary>A documentation address (RFC 5737) a client puts in X-Forwarded-For to pass for someone else.</summary>
    public const string SpoofedAddress = "203.0.113.7";

    public sealed record Day(DateTimeOffset Start, string County, string Town, string Officer, string Editor, string ItemId);

    public static async Task<Day> PlayAsync(HttpClient http, string adminPassword)
    {
        var anonymous = new ApiClient(http);
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var admin = await anonymous.SignInAsync("admin", adminPassword);
        string county = Unique.Code("county"), town = Unique.Code("town"), officer = Unique.Code("officer"), editor = Unique.Code("editor");

        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/units", new { code = town, name = "千岛湖镇", kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/accounts", new { username = officer, password = Password, unitCode = town, roles = new[] { "unit-officer" } }))
            .AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/accounts", new { username = editor, password = Password, unitCode = county, roles = new[] { "info-editor" } }))
            .AssertStatus(HttpStatusCode.Created);

        var officerClient = await anonymous.SignInAsync(officer, Password);
        var itemId = (await officerClient.PostAsync("/api/v1/items", CountySetup.Routine("库区渔民转产就业情况", classification: "secret")))
            .AssertStatus(HttpStatusCode.Created).Json!["id"]!.GetValue<string>();

        // Someone tries the officer's account with a wrong password and a forged client address.
        using (var guess = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token"))
        {
            guess.Content = JsonContent.Create(new { username = officer, password = "not-the-password" }, options: JsonSerializerOptions.Web);
            guess.Headers.Add("X-Forwarded-For", SpoofedAddress);
            using var refused = await http.SendAsync(guess, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var editorClient = await anonymous.SignInAsync(editor, Password);
        (await editorClient.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "accept", comment = "采用" })).AssertStatus(HttpStatusCode.OK);
        (await editorClient.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "reject", comment = "再审一次" })).AssertProblem(HttpStatusCode.Conflict);
        (await officerClient.PostAsync($"/api/v1/items/{itemId}/reviews", new { decision = "reject", comment = "自己审自己" }))
            .AssertProblem(HttpStatusCode.Forbidden);
        (await editorClient.GetAsync($"/api/v1/items/{itemId}")).AssertStatus(HttpStatusCode.OK);

        // Without a token the gateway refuses, and puts that on record itself; the forged address is ignored there too.
        using (var anonymousRead = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/items/{itemId}"))
        {
            anonymousRead.Headers.Add("X-Forwarded-For", SpoofedAddress);
            using var refused = await http.SendAsync(anonymousRead, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The log is the admin's alone.
        (await officerClient.GetAsync("/api/v1/audit")).AssertProblem(HttpStatusCode.Forbidden);
        (await editorClient.GetAsync("/api/v1/audit")).AssertProblem(HttpStatusCode.Forbidden);

        var day = new Day(start, county, town, officer, editor, itemId);
        await AssertOnRecordAsync(admin, day);
        return day;
    }

    /// <summary>The admin's query returns each act of the day with its actor, target and outcome.</summary>
    public static async Task AssertOnRecordAsync(ApiClient admin, Day day)
    {
        var entries = await ReadAllAsync(admin, $"from={Query(day.Start)}");
        var times = entries.Select(entry => DateTimeOffset.Parse(entry["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(at => at), times);

        AssertEntry(entries, "admin", "unit.create", $"units/{day.County}", "success", 201);
        AssertEntry(entries, "admin", "unit.create", $"units/{day.Town}", "success", 201);
        AssertEntry(entries, "admin", "account.create", $"accounts/{day.Officer}", "success", 201);
        AssertEntry(entries, "admin", "account.create", $"accounts/{day.Editor}", "success", 201);
        var signIn = AssertEntry(entries, day.Officer, "auth.sign-in", $"accounts/{day.Officer}", "success", 200);
        AssertEntry(entries, day.Officer, "item.create", $"items/{day.ItemId}", "success", 201);
        var failedSignIn = AssertEntry(entries, day.Officer, "auth.sign-in", $"accounts/{day.Officer}", "refused", 401);
        AssertEntry(entries, day.Editor, "auth.sign-in", $"accounts/{day.Editor}", "success", 200);
        AssertEntry(entries, day.Editor, "item.review", $"items/{day.ItemId}", "success", 200);
        AssertEntry(entries, day.Editor, "item.review", $"items/{day.ItemId}", "failed", 409);
        AssertEntry(entries, day.Officer, "item.review", $"items/{day.ItemId}", "refused", 403);
        AssertEntry(entries, day.Editor, "item.read-secret", $"items/{day.ItemId}", "success", 200);
        AssertEntry(entries, day.Officer, "audit.list", null, "refused", 403);
        AssertEntry(entries, day.Editor, "audit.list", null, "refused", 403);
        var anonymousRead = AssertEntry(entries, null, $"GET /api/v1/items/{day.ItemId}", null, "refused", 401);
        Assert.Equal("127.0.0.1", anonymousRead["address"]?.GetValue<string>());

        // The address is the client's as the gateway saw it, not one the client claimed.
        Assert.Equal("127.0.0.1", signIn["address"]?.GetValue<string>());
        Assert.Equal("127.0.0.1", failedSignIn["address"]?.GetValue<string>());
        Assert.DoesNotContain(entries, entry => entry["address"]?.GetValue<string>() == SpoofedAddress);

        // Filters: one actor, one family of actions.
        var officerEntries = await ReadAllAsync(admin, $"from={Query(day.Start)}&actor={day.Officer}");
        Assert.Equal(entries.Count(entry => entry["actor"]?.GetValue<string>() == day.Officer), officerEntries.Count);
        Assert.All(officerEntries, entry => Assert.Equal(day.Officer, entry["actor"]!.GetValue<string>()));
        var itemEntries = await ReadAllAsync(admin, $"from={Query(day.Start)}&action=item");
        Assert.All(itemEntries, entry => Assert.StartsWith("item.", entry["action"]!.GetValue<string>()));
        Assert.Contains(itemEntries, entry => entry["action"]!.GetValue<string>() == "item.read-secret");
        Assert.DoesNotContain(itemEntries, entry => entry["action"]!.GetValue<string>() == "unit.create");
    }

    private static JsonNode AssertEntry(IReadOnlyList<JsonNode> entries, string? actor, string action, string? target, string outcome, int status)
    {
        var found = entries.Where(entry => entry["actor"]?.GetValue<string>() == actor && entry["action"]!.GetValue<string>() == action
            && entry["target"]?.GetValue<string>() == target && entry["status"]!.GetValue<int>() == status).ToList();
        Assert.True(found.Count == 1,
            $"Expected one {action} by {actor ?? "(no one)"} on {target ?? "(none)"} with status {status}, found {found.Count} among:\n{string.Join('\n', entries.Select(entry => entry.ToJsonString()))}");
        Assert.Equal(outcome, found[0]["outcome"]!.GetValue<string>());
        return found[0];
    }

    /// <summary>Every entry the query matches, page by page (small pages, so paging is exercised).</summary>
    public static async Task<List<JsonNode>> ReadAllAsync(ApiClient admin, string query)
    {
        var entries = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = (await admin.GetAsync($"/api/v1/audit?{query}&limit=5{(cursor is null ? "" : $"&cursor={cursor}")}"))
                .AssertStatus(HttpStatusCode.OK).Json!;
            entries.AddRange(page["items"]!.AsArray().Select(entry => entry!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return entries;
    }

    public static string Query(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));
}

[Collection(EmbeddedServerCollection.Name)]
public sealed class AuditLogTests(EmbeddedServerFixture server)
{
    [Fact]
    public Task A_day_of_acts_is_on_record_for_the_admin_on_embedded_storage() =>
        AuditDayScenario.PlayAsync(server.Anonymous.Http, EmbeddedServerFixture.AdminPassword);

    [Fact]
    public async Task The_embedded_store_refuses_to_alter_the_log()
    {
        // The triggers act on rows: make sure the log holds one, whichever test ran first (a failed sign-in is recorded).
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = "nobody-signs-in", password = "a-wrong-password" }))
            .AssertStatus(System.Net.HttpStatusCode.Unauthorized);
        var database = server.SiloServices.GetRequiredKeyedService<EmbeddedSqliteDatabase>(ProviderNames.GrainStorage);
        await using var connection = await database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        foreach (var change in new[] { "UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = change;
            var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("append-only", refused.Message);
        }
    }

    [Fact]
    public async Task A_query_is_bounded_to_a_year_and_needs_a_token()
    {
        var admin = await server.AdminAsync();
        (await admin.GetAsync("/api/v1/audit?from=0001-01-01T00:00:00Z")).AssertProblem(HttpStatusCode.BadRequest, "from");
        (await admin.GetAsync($"/api/v1/audit?from={AuditDayScenario.Query(DateTimeOffset.UtcNow)}&to={AuditDayScenario.Query(DateTimeOffset.UtcNow.AddDays(-1))}"))
            .AssertProblem(HttpStatusCode.BadRequest, "from");
        (await admin.GetAsync("/api/v1/audit?cursor=not-a-cursor")).AssertProblem(HttpStatusCode.BadRequest, "cursor");
        (await server.Anonymous.GetAsync("/api/v1/audit")).AssertStatus(HttpStatusCode.Unauthorized);
    }
}

/// <summary>On PostgreSQL the log lives in the cluster's database: it survives a restart, and the database refuses to change it.</summary>
public sealed class PostgresAuditLogTests(PostgresServer postgres)
{
    private const string AdminPassword = "postgres-audit-admin-password";

    [Fact]
    public async Task The_log_is_kept_in_postgres_across_a_restart_and_cannot_be_altered()
    {
        var connectionString = await postgres.CreateDatabaseAsync("audit");
        string[] settings =
        [
            "--OfficeMesh:Storage:Provider=postgres",
            $"--ConnectionStrings:OfficeMesh={connectionString}",
            "--OfficeMesh:Auth:SigningKey=a-signing-key-for-the-postgres-audit-test",
            $"--OfficeMesh:Cluster:ClusterId=audit-{Guid.NewGuid():N}",
        ];

        AuditDayScenario.Day day;
        await using (var first = await EmbeddedServerFixture.StartInProcessAsync(AdminPassword, settings))
        {
            using var http = new HttpClient { BaseAddress = first.Address };
            day = await AuditDayScenario.PlayAsync(http, AdminPassword);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM officemesh_audit_log WHERE target = @target", connection);
            count.Parameters.AddWithValue("target", $"items/{day.ItemId}");
            Assert.True((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))! >= 4);

            foreach (var change in new[] { "UPDATE officemesh_audit_log SET actor = 'nobody'", "DELETE FROM officemesh_audit_log", "TRUNCATE officemesh_audit_log" })
            {
                await using var command = new NpgsqlCommand(change, connection);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
                Assert.Contains("append-only", refused.MessageText);
            }
        }

        await using var second = await EmbeddedServerFixture.StartInProcessAsync(AdminPassword, settings);
        using var client = new HttpClient { BaseAddress = second.Address };
        var admin = await new ApiClient(client).SignInAsync("admin", AdminPassword);
        await AuditDayScenario.AssertOnRecordAsync(admin, day);
    }
}
