using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Auth;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string Username, string? UnitCode, IReadOnlyList<string> Roles);

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/token", async (TokenRequest request, HttpContext http, IGrainFactory grains, TokenIssuer issuer) =>
        {
            var username = Require.Text(request.Username, "username");
            var password = Require.Text(request.Password, "password");
            var account = await grains.GetGrain<IAccountGrain>(GrainKeys.Account(username)).SignIn(password);
            if (account is null)
            {
                OfficeMeshMetrics.AuthenticationFailures.Add(1, OfficeMeshMetrics.Tag("reason", "bad-credentials"));
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                    detail: ProblemLanguage.Of(http).Pick("用户名或密码错误", "The username or password is wrong."));
            }

            var token = issuer.Issue(account);
            return Results.Ok(new TokenResponse(token.AccessToken, token.ExpiresAt, account.Username, account.UnitCode,
                account.Roles.Select(RoleNames.Of).ToList()));
        })
        .AllowAnonymous()
        .WithName("IssueToken")
        .WithSummary("Exchange a username and password for a bearer token.");
    }
}
