using System.Net;
using System.Text;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>What the gateway does before a request reaches a silo: tokens, rate limits, body caps.</summary>
[Collection(EmbeddedServerCollection.Name)]
public sealed class AuthAndGatewayTests(EmbeddedServerFixture server)
{
    [Fact]
    public async Task Wrong_credentials_get_401_and_no_token()
    {
        var wrongPassword = await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = "admin", password = "not-the-password" });
        var problem = wrongPassword.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Null(problem["accessToken"]);
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = "nobody-here", password = "whatever-it-is" })).AssertProblem(HttpStatusCode.Unauthorized);
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = "admin" })).AssertProblem(HttpStatusCode.BadRequest, "password");
    }

    [Fact]
    public async Task The_admin_token_carries_the_admin_role()
    {
        var token = (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username = "admin", password = EmbeddedServerFixture.AdminPassword }))
            .AssertStatus(HttpStatusCode.OK).Json!;
        Assert.Equal(["admin"], token["roles"]!.AsArray().Select(role => role!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(token["accessToken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Requests_without_a_valid_token_stop_at_the_gateway()
    {
        (await server.Anonymous.GetAsync("/api/v1/units/anything")).AssertProblem(HttpStatusCode.Unauthorized);
        (await server.Anonymous.As("not-a-token").GetAsync("/api/v1/units/anything")).AssertProblem(HttpStatusCode.Unauthorized);

        var admin = await server.AdminAsync();
        var forged = admin.As(TamperedToken(await TokenOf("admin", EmbeddedServerFixture.AdminPassword)));
        (await forged.GetAsync("/api/v1/units/anything")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Oversized_bodies_get_413()
    {
        var admin = await server.AdminAsync();
        var name = new string('x', EmbeddedServerFixture.MaxRequestBodyBytes + 1);
        (await admin.PostAsync("/api/v1/units", new { code = Unique.Code("big"), name, kind = "county-office" })).AssertProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_are_open_through_the_gateway()
    {
        (await server.Anonymous.GetAsync("/health/live")).AssertStatus(HttpStatusCode.OK);
        (await server.Anonymous.GetAsync("/health/ready")).AssertStatus(HttpStatusCode.OK);
        var openApi = (await server.Anonymous.GetAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK).Json!;
        var paths = openApi["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/units"));
        Assert.True(paths.ContainsKey("/api/v1/auth/token"));
        Assert.True(paths.ContainsKey("/api/v1/accounts"));
    }

    private async Task<string> TokenOf(string username, string password) =>
        (await server.Anonymous.PostAsync("/api/v1/auth/token", new { username, password })).Json!["accessToken"]!.GetValue<string>();

    /// <summary>Changes the payload and keeps the old signature, as a forger would.</summary>
    private static string TamperedToken(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))));
        var forged = payload.Replace("\"admin\"", "\"operator\"", StringComparison.Ordinal);
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(forged)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return string.Join('.', parts);
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
