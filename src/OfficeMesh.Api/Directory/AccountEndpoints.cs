using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Directory;

public sealed record CreateAccountRequest(string? Username, string? Password, string? UnitCode, IReadOnlyList<Role>? Roles,
    string? DisplayName = null, string? Mobile = null);

public sealed record AccountResponse(string Username, string? UnitCode, IReadOnlyList<string> Roles);

public sealed record AccountChangeRequest(IReadOnlyList<Role>? Roles, string? DisplayName, string? Mobile, bool? Disabled);

public sealed record PasswordResetRequest(string? NewPassword);

public sealed record AccountListEntry(string Username, string? UnitCode, IReadOnlyList<string> Roles, string? DisplayName, string? Mobile,
    bool Disabled, DateTimeOffset? LastSignInAt);

/// <summary>
/// Accounts through their life: created, listed per unit, changed, disabled, given a new password. All for the admin.
/// The route table first, then one named handler per route.
/// </summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Directory")
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Admin));
        accounts.MapPost("/", CreateAccount)
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 409)
            .WithSummary("Create an account for a unit (optional displayName, mobile); the password is stored only as a hash.");
        accounts.MapGet("/", ListAccounts)
            .Refuses(400, 401, 403)
            .WithSummary("The accounts of a unit (?unit=), or without it the accounts that belong to no unit (admin, operator); never a password or hash.");
        accounts.MapPut("/{username}", ChangeAccount)
            .Refuses(400, 401, 403, 404, 409)
            .WithSummary("Change an account's roles, display name, mobile or disable it; a disabled account's tokens stop working within 60 s.");
        accounts.MapPost("/{username}/password", ResetPassword)
            .Refuses(400, 401, 403, 404)
            .WithSummary("Give an account a new password; its earlier tokens stop working within 60 s.");
    }

    public static async Task<Created<AccountResponse>> CreateAccount(CreateAccountRequest request, IGrainFactory grains)
    {
        var username = AuthEndpoints.ValidUsername(request.Username);
        var registration = new AccountRegistration(username, Require.Text(request.Password, "password"), request.UnitCode,
            Require.List(request.Roles, "roles"), request.DisplayName, request.Mobile);
        var account = await Account(grains, username).Create(registration);
        return TypedResults.Created($"/api/v1/accounts/{account.Username}",
            new AccountResponse(account.Username, account.UnitCode, account.Roles.Select(RoleNames.Of).ToList()));
    }

    public static async Task<Ok<Page<AccountListEntry>>> ListAccounts(string? unit, int? limit, string? cursor, IGrainFactory grains)
    {
        if (unit is not null && !UnitCodes.IsValid(unit))
            throw DomainException.Invalid("unit", zh: "单位代码须为2至40位小写字母、数字或“-”", en: "The unit code must be 2 to 40 characters of a-z, 0-9 and '-'.");
        if (cursor is not null && !Usernames.IsValid(cursor))
            throw DomainException.Invalid("cursor", zh: "翻页标记无效", en: "The cursor is not one this service gave out.");
        var pageSize = Paging.Limit(limit);
        var usernames = await grains.GetGrain<IUnitAccountsGrain>(GrainKeys.UnitAccounts(unit)).Usernames(cursor, pageSize + 1);
        var profiles = await Task.WhenAll(usernames.Take(pageSize).Select(username => Account(grains, username).GetProfile()));
        var entries = profiles.OfType<AccountProfile>().Select(Entry).ToList();
        return TypedResults.Ok(new Page<AccountListEntry>(entries, usernames.Count > pageSize ? usernames[pageSize - 1] : null));
    }

    public static async Task<Ok<AccountListEntry>> ChangeAccount(string username, AccountChangeRequest request, HttpContext http, IGrainFactory grains)
    {
        // An admin cannot lock themselves out of administration by mistake; another admin can.
        if (username == http.User.Username() && (request.Disabled == true || request.Roles is { } roles && !roles.Contains(Role.Admin)))
            throw DomainException.Conflict(zh: "管理员不能停用自己的账号，也不能取消自己的管理员角色", en: "An admin cannot disable their own account or take away their own admin role.");
        var profile = await Existing(grains, username).Change(new AccountChange(request.Roles, request.DisplayName, request.Mobile, request.Disabled));
        return TypedResults.Ok(Entry(profile));
    }

    public static async Task<NoContent> ResetPassword(string username, PasswordResetRequest request, IGrainFactory grains)
    {
        await Existing(grains, username).ResetPassword(Require.Text(request.NewPassword, "newPassword"));
        return TypedResults.NoContent();
    }

    private static IAccountGrain Account(IGrainFactory grains, string username) => grains.GetGrain<IAccountGrain>(GrainKeys.Account(username));

    private static IAccountGrain Existing(IGrainFactory grains, string username) =>
        Usernames.IsValid(username) ? Account(grains, username) : throw DomainException.NotFound(zh: $"账号“{username}”不存在", en: $"There is no account '{username}'.");

    private static AccountListEntry Entry(AccountProfile profile) => new(profile.Username, profile.UnitCode,
        profile.Roles.Select(RoleNames.Of).ToList(), profile.DisplayName, profile.Mobile, profile.Disabled, profile.LastSignInAt);
}
