using OfficeMesh.Contracts;
using OfficeMesh.Grains.Information;

namespace OfficeMesh.Grains.Supervision;

/// <summary>What a case needs to be opened: a responsible unit of the county, co-units of the county, a deadline ahead.</summary>
public static class CaseRules
{
    /// <param name="fieldPrefix">Where the opening sits in the request, e.g. "openCase.", so errors name the field the client sent.</param>
    public static async Task ValidateOpeningAsync(IGrainFactory grains, string countyCode, CaseOpening opening, DateTimeOffset now, string fieldPrefix = "")
    {
        if (opening.DueAt <= now)
            throw DomainException.Invalid($"{fieldPrefix}dueAt", "The deadline must be in the future.");
        if (!await IsCountyUnitAsync(grains, countyCode, opening.LeadUnit))
            throw DomainException.Invalid($"{fieldPrefix}leadUnit", $"'{opening.LeadUnit}' is not a unit of this county.");
        foreach (var coUnit in opening.CoUnits)
        {
            if (coUnit == opening.LeadUnit || !await IsCountyUnitAsync(grains, countyCode, coUnit))
                throw DomainException.Invalid($"{fieldPrefix}coUnits", $"'{coUnit}' is not another unit of this county.");
        }
    }

    private static async Task<bool> IsCountyUnitAsync(IGrainFactory grains, string countyCode, string unitCode) =>
        UnitCodes.IsValid(unitCode) && await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(unitCode)).Get() is { } unit && unit.CountyCode == countyCode;
}
