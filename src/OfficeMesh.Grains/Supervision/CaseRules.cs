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
            throw DomainException.Invalid($"{fieldPrefix}dueAt", zh: "办理期限须晚于当前时间", en: "The deadline must be in the future.");
        if (!await IsCountyUnitAsync(grains, countyCode, opening.LeadUnit))
            throw DomainException.Invalid($"{fieldPrefix}leadUnit", zh: $"“{opening.LeadUnit}”不是本县的单位", en: $"'{opening.LeadUnit}' is not a unit of this county.");
        foreach (var coUnit in opening.CoUnits)
        {
            if (coUnit == opening.LeadUnit || !await IsCountyUnitAsync(grains, countyCode, coUnit))
                throw DomainException.Invalid($"{fieldPrefix}coUnits", zh: $"“{coUnit}”不是牵头单位以外的本县单位", en: $"'{coUnit}' is not another unit of this county.");
        }
    }

    /// <summary>果必报: to the leader who assigned the case, else the leader whose instruction opened it, else the office's own leadership.</summary>
    public static string ReportTo(SupervisionCase current) => current.Leader ?? current.InstructingLeader ?? CaseGrain.SupervisionOfficeLeadership;

    private static async Task<bool> IsCountyUnitAsync(IGrainFactory grains, string countyCode, string unitCode) =>
        UnitCodes.IsValid(unitCode) && await grains.GetGrain<IUnitGrain>(GrainKeys.Unit(unitCode)).Get() is { } unit && unit.CountyCode == countyCode;
}
