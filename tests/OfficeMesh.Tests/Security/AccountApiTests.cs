using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Security;

/// <summary>The admin's account pages: list a unit's accounts, change them, reset passwords; nobody else may.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class AccountApiTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task An_admin_lists_a_units_accounts_with_their_details_and_never_a_password()
    {
        var admin = await server.AdminAsync();
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        var editor = Unique.Code("editor");
        var leader = Unique.Code("leader");
        (await admin.PostAsync("/api/v1/accounts", new { username = editor, password = "editor-password-1", unitCode = county, roles = new[] { "info-editor" }, displayName = "王编辑", mobile = "13800001111" }))
            .AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/accounts", new { username = leader, password = "leader-password-1", unitCode = county, roles = new[] { "leader" } }))
            .AssertStatus(HttpStatusCode.Created);
        await server.Anonymous.SignInAsync(editor, "editor-password-1");

        var list = (await admin.GetAsync($"/api/v1/accounts?unit={county}")).AssertStatus(HttpStatusCode.OK);
        Assert.DoesNotContain("password", list.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", list.Body, StringComparison.OrdinalIgnoreCase);
        var items = list.Json!["items"]!.AsArray();
        Assert.Equal(new[] { editor, leader }.Order(StringComparer.Ordinal), items.Select(entry => entry!["username"]!.GetValue<string>()));
        var listedEditor = items.Single(entry => entry!["username"]!.GetValue<string>() == editor)!;
        Assert.Equal(county, listedEditor["unitCode"]!.GetValue<string>());
        Assert.Equal(["info-editor"], listedEditor["roles"]!.AsArray().Select(role => role!.GetValue<string>()));
        Assert.Equal("王编辑", listedEditor["displayName"]!.GetValue<string>());
        Assert.Equal("13800001111", listedEditor["mobile"]!.GetValue<string>());
        Assert.False(listedEditor["disabled"]!.GetValue<bool>());
        Assert.NotNull(listedEditor["lastSignInAt"]);
        Assert.Null(items.Single(entry => entry!["username"]!.GetValue<string>() == leader)!["lastSignInAt"]);

        var firstPage = (await admin.GetAsync($"/api/v1/accounts?unit={county}&limit=1")).AssertStatus(HttpStatusCode.OK).Json!;
        var cursor = firstPage["nextCursor"]!.GetValue<string>();
        var secondPage = (await admin.GetAsync($"/api/v1/accounts?unit={county}&limit=1&cursor={cursor}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Single(secondPage["items"]!.AsArray());
        Assert.Null(secondPage["nextCursor"]);
    }

    [Fact]
    public async Task An_admin_changes_roles_name_and_mobile_and_the_new_roles_hold_at_the_next_sign_in()
    {
        var admin = await server.AdminAsync();
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" })).AssertStatus(HttpStatusCode.Created);
        var username = Unique.Code("user");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = "a-password-2026", unitCode = county, roles = new[] { "duty" } })).AssertStatus(HttpStatusCode.Created);

        var changed = (await admin.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{username}", new { roles = new[] { "duty", "leader" }, displayName = "李主任", mobile = "0571-64812345" }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(["duty", "leader"], changed["roles"]!.AsArray().Select(role => role!.GetValue<string>()));
        Assert.Equal("李主任", changed["displayName"]!.GetValue<string>());

        var token = (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password = "a-password-2026" })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(["duty", "leader"], token["roles"]!.AsArray().Select(role => role!.GetValue<string>()));

        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{username}", new { roles = new[] { "upper-liaison" } })).AssertProblem(HttpStatusCode.BadRequest, "roles");
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{username}", new { mobile = "call me" })).AssertProblem(HttpStatusCode.BadRequest, "mobile");
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{Unique.Code("nobody")}", new { disabled = true })).AssertProblem(HttpStatusCode.NotFound);
        (await admin.SendAsync(HttpMethod.Put, "/api/v1/accounts/admin", new { disabled = true })).AssertProblem(HttpStatusCode.Conflict);
        (await admin.SendAsync(HttpMethod.Put, "/api/v1/accounts/admin", new { roles = new[] { "operator" } })).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Passwords_have_ten_characters_and_do_not_contain_the_username()
    {
        var admin = await server.AdminAsync();
        var username = Unique.Code("user");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = "short-pw1", roles = new[] { "operator" } })).AssertProblem(HttpStatusCode.BadRequest, "password");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = $"my-{username.ToUpperInvariant()}-pw", roles = new[] { "operator" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "password");
        (await admin.PostAsync("/api/v1/accounts", new { username, password = "long-enough-pw", roles = new[] { "operator" } })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync($"/api/v1/accounts/{username}/password", new { newPassword = $"{username}-again" })).AssertProblem(HttpStatusCode.BadRequest, "newPassword");
        (await admin.PostAsync($"/api/v1/accounts/{username}/password", new { newPassword = "too-short" })).AssertProblem(HttpStatusCode.BadRequest, "newPassword");
    }

    [Fact]
    public async Task Only_an_admin_lists_changes_or_resets_accounts()
    {
        var county = await CountySetup.CreateAsync(server.Anonymous, EmbeddedServerFixture.AdminPassword);
        var target = county.Officer1.Username;
        foreach (var caller in new[] { county.Officer1, county.Editor, county.Leader, county.Supervisor, county.Duty, county.Operator, county.CityLiaison })
        {
            (await caller.GetAsync($"/api/v1/accounts?unit={county.Town1}")).AssertProblem(HttpStatusCode.Forbidden);
            (await caller.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{target}", new { disabled = true })).AssertProblem(HttpStatusCode.Forbidden);
            (await caller.PostAsync($"/api/v1/accounts/{target}/password", new { newPassword = "taken-over-now" })).AssertProblem(HttpStatusCode.Forbidden);
        }
        (await server.Anonymous.GetAsync($"/api/v1/accounts?unit={county.Town1}")).AssertProblem(HttpStatusCode.Unauthorized);

        var listed = (await county.Admin.GetAsync($"/api/v1/accounts?unit={county.Town1}")).AssertStatus(HttpStatusCode.OK).Json!["items"]!.AsArray();
        Assert.Equal([target], listed.Select(entry => entry!["username"]!.GetValue<string>()));
        Assert.False(listed[0]!["disabled"]!.GetValue<bool>());
        (await county.Officer1.GetAsync($"/api/v1/units/{county.Town1}")).AssertStatus(HttpStatusCode.OK);
    }
}
