using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OfficeMesh.Api.Auth;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Directory;

public sealed record CreateUnitRequest(string? Code, string? Name, UnitKind? Kind, string? ParentCode, UpperLevel? Level, bool? DirectReporting);

/// <summary>Units and accounts: the directory an admin keeps. The route table first, then one named handler per route.</summary>
public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder api)
    {
        var units = api.MapGroup("/units").WithTags("Directory");
        units.MapPost("/", RegisterUnit)
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Admin))
            .WithMetadata(new IdempotentCreateAttribute())
            .Refuses(400, 401, 403, 409)
            .WithSummary("Register a township, department, county office or upper office.");
        units.MapGet("/", ListUnits)
            .RequireAuthorization()
            .Refuses(400, 401, 403)
            .WithSummary("Units in tree order, parent before children: every unit for an admin, the caller's county for a county office's accounts; ?parent= keeps a unit's direct children, ?kind= one kind.");
        units.MapGet("/{code}", GetUnit)
            .RequireAuthorization()
            .Refuses(401, 404)
            .WithSummary("A unit of the directory.");

        api.MapAccountEndpoints();
    }

    public static async Task<Created<Unit>> RegisterUnit(CreateUnitRequest request, IGrainFactory grains)
    {
        var code = Require.Text(request.Code, "code");
        if (!UnitCodes.IsValid(code))
            throw DomainException.Invalid("code", zh: "单位代码须为2至40位小写字母、数字或连字符“-”",
                en: "The unit code must be 2 to 40 characters of a-z, 0-9 and '-'.");
        var registration = new UnitRegistration(code, Require.Text(request.Name, "name"), Require.Value(request.Kind, "kind"),
            request.ParentCode, request.Level, request.DirectReporting ?? false);
        var unit = await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Register(registration);
        return TypedResults.Created($"/api/v1/units/{unit.Code}", unit);
    }

    public static async Task<Ok<Page<Unit>>> ListUnits(string? parent, string? kind, int? limit, string? cursor, HttpContext http, IGrainFactory grains)
    {
        var caller = http.User.ToCaller();
        var wantedKind = Paging.Enum<UnitKind>(kind, "kind");
        var visible = caller.Has(Role.Admin) ? await AllUnitsAsync(grains)
            : caller is { UnitKind: UnitKind.CountyOffice, CountyCode: { } county }
                ? await grains.GetGrain<ICountyDirectoryGrain>(GrainKeys.CountyDirectory(county)).GetUnits()
            : throw DomainException.Forbidden(zh: "只有系统管理员和县两办人员可以查看单位列表",
                en: "Units are listed for admins and the accounts of a county office.");
        var listed = UnitTree.InTreeOrder(visible)
            .Where(unit => (parent is null || unit.ParentCode == parent) && (wantedKind is null || unit.Kind == wantedKind))
            .ToList();
        return TypedResults.Ok(Paging.Slice(listed, cursor, limit));
    }

    public static async Task<Ok<Unit>> GetUnit(string code, IGrainFactory grains)
    {
        var unit = UnitCodes.IsValid(code) ? await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Get() : null;
        return unit is null ? throw DomainException.NotFound(zh: $"单位“{code}”不存在", en: $"There is no unit '{code}'.") : TypedResults.Ok(unit);
    }

    /// <summary>
    /// Every county's units and every upper office. Upper offices registered before their directory
    /// existed are reached through the counties under them (and list themselves when so activated).
    /// </summary>
    private static async Task<IReadOnlyList<Unit>> AllUnitsAsync(IGrainFactory grains)
    {
        var counties = await grains.GetGrain<ICountyRegistryGrain>(GrainKeys.CountyRegistry).Counties();
        var directories = await Task.WhenAll(counties.Select(GrainKeys.CountyDirectory).Append(GrainKeys.UpperOfficeDirectory)
            .Select(key => grains.GetGrain<ICountyDirectoryGrain>(key).GetUnits()));
        var units = directories.SelectMany(listed => listed).DistinctBy(unit => unit.Code).ToDictionary(unit => unit.Code);
        // A county office's parent is a city, a city's a province: two rounds reach every ancestor.
        for (var round = 0; round < 2; round++)
        {
            var missing = units.Values.Select(unit => unit.ParentCode).OfType<string>().Where(code => !units.ContainsKey(code)).Distinct().ToList();
            foreach (var ancestor in await Task.WhenAll(missing.Select(code => grains.GetGrain<IUnitGrain>(GrainKeys.Unit(code)).Get())))
            {
                if (ancestor is not null)
                    units[ancestor.Code] = ancestor;
            }
        }
        return units.Values.ToList();
    }
}
