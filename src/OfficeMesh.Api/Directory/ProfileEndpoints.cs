using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Directory;

/// <summary>The signed-in account as its own screens show it: who, which unit, which roles.</summary>
public sealed record Profile(string Username, IReadOnlyList<string> Roles, string? UnitCode, string? UnitName, UnitKind? UnitKind,
    UpperLevel? UnitLevel, string? CountyCode);

public static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", Me)
            .RequireAuthorization()
            .Refuses(401)
            .WithTags("Directory")
            .WithSummary("The signed-in account: its username and roles (as its token carries them), its unit with the unit's name, and its county.");
    }

    public static async Task<Ok<Profile>> Me(HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        var unit = caller.UnitCode is { } code ? await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Get() : null;
        return TypedResults.Ok(new Profile(caller.Username, caller.Roles.Select(RoleNames.Of).ToList(), caller.UnitCode, unit?.Name,
            caller.UnitKind, caller.UnitLevel, caller.CountyCode));
    }
}
