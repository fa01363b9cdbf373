using System.Net;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>Units and accounts through the gateway, as an admin and as the units' own officers.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class DirectoryApiTests(EmbeddedServerFixture server)
{
    private async Task<(ApiClient Admin, string County)> CountyAsync()
    {
        var admin = await server.AdminAsync();
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office" }))
            .AssertStatus(HttpStatusCode.Created);
        return (admin, county);
    }

    [Fact]
    public async Task An_admin_builds_a_county_tree_and_any_signed_in_unit_can_read_it()
    {
        var (admin, county) = await CountyAsync();
        var township = Unique.Code("town");
        var created = (await admin.PostAsync("/api/v1/units", new { code = township, name = "千岛湖镇", kind = "township", parentCode = county }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/units/{township}", created.Headers.Location?.ToString());

        var police = Unique.Code("dept");
        (await admin.PostAsync("/api/v1/units", new { code = police, name = "县公安局", kind = "department", parentCode = county, directReporting = true }))
            .AssertStatus(HttpStatusCode.Created);

        (await admin.PostAsync("/api/v1/accounts", new { username = township, password = "officer-password-1", unitCode = township, roles = new[] { "unit-officer" } }))
            .AssertStatus(HttpStatusCode.Created);
        var officer = await server.Anonymous.SignInAsync(township, "officer-password-1");

        var unit = (await officer.GetAsync($"/api/v1/units/{police}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(police, unit["code"]!.GetValue<string>());
        Assert.Equal("县公安局", unit["name"]!.GetValue<string>());
        Assert.Equal("department", unit["kind"]!.GetValue<string>());
        Assert.Equal(county, unit["parentCode"]!.GetValue<string>());
        Assert.True(unit["directReporting"]!.GetValue<bool>());
        Assert.Equal(county, unit["countyCode"]!.GetValue<string>());
        Assert.EndsWith("Z", unit["createdAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upper_offices_stack_city_under_province_and_a_county_under_its_city()
    {
        var admin = await server.AdminAsync();
        var province = Unique.Code("prov");
        var city = Unique.Code("city");
        var county = Unique.Code("county");
        (await admin.PostAsync("/api/v1/units", new { code = province, name = "浙江省委办", kind = "upper-office", level = "province" })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/units", new { code = city, name = "杭州市委办", kind = "upper-office", level = "city", parentCode = province })).AssertStatus(HttpStatusCode.Created);
        (await admin.PostAsync("/api/v1/units", new { code = county, name = "淳安县两办", kind = "county-office", parentCode = city })).AssertStatus(HttpStatusCode.Created);

        var read = (await admin.GetAsync($"/api/v1/units/{city}")).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal("city", read["level"]!.GetValue<string>());

        (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("bad"), name = "x", kind = "upper-office", level = "province", parentCode = city }))
            .AssertProblem(HttpStatusCode.BadRequest, "parentCode");
        (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("bad"), name = "x", kind = "county-office", parentCode = province }))
            .AssertProblem(HttpStatusCode.BadRequest, "parentCode");
        (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("bad"), name = "x", kind = "upper-office" }))
            .AssertProblem(HttpStatusCode.BadRequest, "level");
    }

    [Fact]
    public async Task A_unit_code_is_registered_once()
    {
        var (admin, county) = await CountyAsync();
        var again = await admin.PostAsync("/api/v1/units", new { code = county, name = "another", kind = "county-office" });
        again.AssertProblem(HttpStatusCode.Conflict);
        var unit = (await admin.GetAsync($"/api/v1/units/{county}")).Json!;
        Assert.Equal("淳安县两办", unit["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_township_must_hang_under_an_existing_county_office()
    {
        var (admin, county) = await CountyAsync();
        var township = Unique.Code("town");
        (await admin.PostAsync("/api/v1/units", new { code = township, name = "镇", kind = "township", parentCode = county })).AssertStatus(HttpStatusCode.Created);

        var orphan = Unique.Code("town");
        (await admin.PostAsync("/api/v1/units", new { code = orphan, name = "镇", kind = "township" })).AssertProblem(HttpStatusCode.BadRequest, "parentCode");
        (await admin.PostAsync("/api/v1/units", new { code = orphan, name = "镇", kind = "township", parentCode = "no-such-county" })).AssertProblem(HttpStatusCode.BadRequest, "parentCode");
        (await admin.PostAsync("/api/v1/units", new { code = orphan, name = "镇", kind = "township", parentCode = township })).AssertProblem(HttpStatusCode.BadRequest, "parentCode");
        (await admin.PostAsync("/api/v1/units", new { code = orphan, name = "镇", kind = "township", parentCode = county, directReporting = true })).AssertProblem(HttpStatusCode.BadRequest, "directReporting");

        // None of the refused registrations stored anything.
        (await admin.GetAsync($"/api/v1/units/{orphan}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"code":"Bad Code","name":"x","kind":"county-office"}""", "code")]
    [InlineData("""{"code":"ok-code-1","kind":"county-office"}""", "name")]
    [InlineData("""{"code":"ok-code-1","name":"x"}""", "kind")]
    [InlineData("""{"code":"ok-code-1","name":"x","kind":"village"}""", "kind")]
    [InlineData("""{"code":"ok-code-1","name":"x","kind":"county-office","colour":"red"}""", "colour")]
    [InlineData("""{"code":"ok-code-1","name":"x","kind":"county-office","directReporting":"yes"}""", "directReporting")]
    [InlineData("""{"code":"ok-code-1","name":"x",""", "body")]
    public async Task Bad_unit_input_gets_a_problem_naming_the_field_and_stores_nothing(string body, string field)
    {
        var admin = await server.AdminAsync();
        (await admin.PostRawAsync("/api/v1/units", body)).AssertProblem(HttpStatusCode.BadRequest, field);
        (await admin.GetAsync("/api/v1/units/ok-code-1")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Accounts_never_show_a_password_and_roles_must_fit_the_unit()
    {
        var (admin, county) = await CountyAsync();
        var editor = Unique.Code("editor");
        var created = (await admin.PostAsync("/api/v1/accounts", new { username = editor, password = "editor-password-1", unitCode = county, roles = new[] { "info-editor", "duty" } }))
            .AssertStatus(HttpStatusCode.Created);
        Assert.DoesNotContain("password", created.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(county, created.Json!["unitCode"]!.GetValue<string>());
        Assert.Equal(["info-editor", "duty"], created.Json!["roles"]!.AsArray().Select(role => role!.GetValue<string>()));

        var token = (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = editor, password = "editor-password-1" })).AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(editor, token["username"]!.GetValue<string>());
        Assert.Equal(county, token["unitCode"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(token["expiresAt"]!.GetValue<string>()) > DateTimeOffset.UtcNow);

        (await admin.PostAsync("/api/v1/accounts", new { username = editor, password = "other-password-1", unitCode = county, roles = new[] { "duty" } }))
            .AssertProblem(HttpStatusCode.Conflict);
        (await admin.PostAsync("/api/v1/accounts", new { username = Unique.Code("liaison"), password = "liaison-password", unitCode = county, roles = new[] { "upper-liaison" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "roles");
        (await admin.PostAsync("/api/v1/accounts", new { username = Unique.Code("nobody"), password = "nobody-password", unitCode = "no-such-unit", roles = new[] { "unit-officer" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "unitCode");
        (await admin.PostAsync("/api/v1/accounts", new { username = Unique.Code("short"), password = "short", unitCode = county, roles = new[] { "duty" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "password");
        (await admin.PostAsync("/api/v1/accounts", new { username = Unique.Code("norole"), password = "long-enough-password", unitCode = county, roles = new[] { "king" } }))
            .AssertProblem(HttpStatusCode.BadRequest, "roles[0]");
    }

    [Fact]
    public async Task Only_an_admin_manages_the_directory()
    {
        var (admin, county) = await CountyAsync();
        var editor = Unique.Code("editor");
        (await admin.PostAsync("/api/v1/accounts", new { username = editor, password = "editor-password-1", unitCode = county, roles = new[] { "info-editor" } }))
            .AssertStatus(HttpStatusCode.Created);
        var asEditor = await server.Anonymous.SignInAsync(editor, "editor-password-1");

        var code = Unique.Code("town");
        (await asEditor.PostAsync("/api/v1/units", new { code, name = "镇", kind = "township", parentCode = county })).AssertProblem(HttpStatusCode.Forbidden);
        (await asEditor.PostAsync("/api/v1/accounts", new { username = Unique.Code("x"), password = "some-password-1", unitCode = county, roles = new[] { "admin" } }))
            .AssertProblem(HttpStatusCode.Forbidden);
        (await server.Anonymous.PostAsync("/api/v1/units", new { code, name = "镇", kind = "township", parentCode = county })).AssertProblem(HttpStatusCode.Unauthorized);
        (await admin.GetAsync($"/api/v1/units/{code}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_returns_the_first_response()
    {
        var admin = await server.AdminAsync();
        var code = Unique.Code("county");
        var key = Guid.NewGuid().ToString();
        var body = new { code, name = "县两办", kind = "county-office" };

        var first = (await admin.PostAsync("/api/v1/units", body, key)).AssertStatus(HttpStatusCode.Created);
        var retry = (await admin.PostAsync("/api/v1/units", body, key)).AssertStatus(HttpStatusCode.Created);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);

        (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("county"), name = "别的", kind = "county-office" }, key))
            .AssertProblem(HttpStatusCode.UnprocessableEntity);
        // Without the key, the same body is a second create, refused because the code exists.
        (await admin.PostAsync("/api/v1/units", body)).AssertProblem(HttpStatusCode.Conflict);
    }
}
