using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Auth;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string Username, string? UnitCode, IReadOnlyList<string> Roles);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary>Signing in and changing one's password. The route table first, then one named handler per route.</summary>
public static class AuthEndpoints
{
    /// <summary>Longer passwords than any account can have are refused before they are hashed or sent to a grain.</summary>
    private const int MaxPasswordLength = 1024;

    public static void MapAuthEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/token", IssueToken)
            .AllowAnonymous()
            .WithName("IssueToken")
            .Refuses(400, 401, 429)
            .WithSummary("Exchange a username and password for a bearer token; 5 failures in 15 minutes lock the account for 15 minutes (429).");
        api.MapPost("/auth/password", ChangePassword)
            .RequireAuthorization()
            .WithTags("Directory")
            .Refuses(400, 401, 429)
            .WithSummary("Change one's own password (at least 10 characters, not containing the username); every earlier token of the account stops working.");
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueToken(TokenRequest request, HttpContext http, IGrainFactory grains,
        TokenIssuer issuer, SignInThrottle throttle, TimeProvider clock)
    {
        var username = ValidUsername(request.Username);
        var password = ValidPassword(request.Password, "password");
        using var lease = await throttle.EnterAsync(http.RequestAborted);
        if (!lease.IsAcquired)
            return TooManyRequests.Problem(http, TimeSpan.FromSeconds(1), zh: "当前登录请求过多，请稍后再试", en: "Too many sign-ins are being checked right now; retry in a moment.");

        var result = await grains.GetGrain<IAccountGrain>(GrainKeys.Account(username)).Authenticate(password);
        if (result.Outcome != SignInOutcome.SignedIn)
            return SignInFailed(http, clock, username, result);

        var account = result.Account!;
        var token = issuer.Issue(account, result.SecurityStamp!);
        return TypedResults.Ok(new TokenResponse(token.AccessToken, token.ExpiresAt, account.Username, account.UnitCode,
            account.Roles.Select(RoleNames.Of).ToList()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(PasswordChangeRequest request, HttpContext http, IGrainFactory grains,
        SignInThrottle throttle, TimeProvider clock)
    {
        var username = http.User.Username();
        var current = ValidPassword(request.CurrentPassword, "currentPassword");
        var next = Require.Text(request.NewPassword, "newPassword");
        using var lease = await throttle.EnterAsync(http.RequestAborted);
        if (!lease.IsAcquired)
            return TooManyRequests.Problem(http, TimeSpan.FromSeconds(1), zh: "当前密码校验请求过多，请稍后再试", en: "Too many passwords are being checked right now; retry in a moment.");

        var result = await grains.GetGrain<IAccountGrain>(GrainKeys.Account(username)).ChangePassword(current, next);
        return result.Outcome switch
        {
            SignInOutcome.SignedIn => TypedResults.NoContent(),
            SignInOutcome.Locked => SignInFailed(http, clock, username, result),
            _ => throw DomainException.Invalid("currentPassword", zh: "当前密码不正确", en: "The current password is wrong."),
        };
    }

    /// <summary>
    /// The one place a refused sign-in (or a refused current password while locked) is answered: a wrong password,
    /// a missing or disabled account are one 401; a locked account is 429 with Retry-After.
    /// </summary>
    private static ProblemHttpResult SignInFailed(HttpContext http, TimeProvider clock, string username, SignInAttempt result)
    {
        if (result is { Outcome: SignInOutcome.Locked, LockedUntil: { } until })
        {
            OfficeMeshMetrics.AuthenticationFailures.Add(1, OfficeMeshMetrics.Tag("reason", "locked"));
            return TooManyRequests.Problem(http, until - clock.GetUtcNow(),
                zh: $"账号“{username}”登录失败次数过多，已暂时锁定，请于北京时间 {until.ToOffset(TimeSpan.FromHours(8)):HH:mm} 后再试",
                en: $"Too many failed sign-ins for '{username}'; try again after {until:HH:mm} UTC.");
        }
        OfficeMeshMetrics.AuthenticationFailures.Add(1, OfficeMeshMetrics.Tag("reason", "bad-credentials"));
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
            detail: ProblemLanguage.Of(http).Pick("用户名或密码错误", "The username or password is wrong."));
    }

    /// <summary>Checked before any grain is touched: a made-up name never becomes a grain key, whatever its size.</summary>
    public static string ValidUsername(string? username)
    {
        var text = Require.Text(username, "username");
        return Usernames.IsValid(text) ? text : throw DomainException.Invalid("username", zh: Usernames.RuleInChinese, en: Usernames.Rule);
    }

    private static string ValidPassword(string? password, string field)
    {
        var text = Require.Text(password, field);
        return text.Length <= MaxPasswordLength ? text : throw DomainException.Invalid(field, zh: $"密码不能超过{MaxPasswordLength}位", en: $"The password must be at most {MaxPasswordLength} characters.");
    }
}
