using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Directory;

public sealed record CreateUnitRequest(string? Code, string? Name, UnitKind? Kind, string? ParentCode, UpperLevel? Level, bool? DirectReporting);

/// <summary>Units and accounts: the directory an admin keeps.</summary>
public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder api)
    {
        var units = api.MapGroup("/units").WithTags("Directory");

        units.MapPost("/", async (CreateUnitRequest request, IGrainFactory grains) =>
        {
            var code = Require.Text(request.Code, "code");
            if (!UnitCodes.IsValid(code))
                throw DomainException.Invalid("code", "The unit code must be 2 to 40 characters of a-z, 0-9 and '-'.");
            var registration = new UnitRegistration(code, Require.Text(request.Name, "name"), Require.Value(request.Kind, "kind"),
                request.ParentCode, request.Level, request.DirectReporting ?? false);
            var unit = await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Register(registration);
            return Results.Created($"/api/v1/units/{unit.Code}", unit);
        })
        .RequireAuthorization(policy => policy.RequireRole(RoleNames.Admin))
        .WithMetadata(new IdempotentCreateAttribute())
        .WithSummary("Register a township, department, county office or upper office.");

        units.MapGet("/{code}", async (string code, IGrainFactory grains) =>
        {
            var unit = UnitCodes.IsValid(code) ? await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Get() : null;
            return unit is null ? throw DomainException.NotFound($"There is no unit '{code}'.") : Results.Ok(unit);
        })
        .RequireAuthorization()
        .WithSummary("A unit of the directory.");

        api.MapAccountEndpoints();
    }
}
