using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// 考核: a unit's points for the items it submitted in a period, by the configured rules. Every unit of
/// the county gets a row, zero included, so a unit that sent nothing stands out at the bottom.
/// Units with equal points share a rank (1, 2, 2, 4).
/// </summary>
public static class ScoreCalculator
{
    public static IReadOnlyList<ScoreRow> Compute(IEnumerable<string> unitCodes, IEnumerable<ItemSummary> items, ScoringRules rules)
    {
        var byUnit = items.ToLookup(item => item.UnitCode);
        var rows = unitCodes.Distinct().Select(unit => RowFor(unit, byUnit[unit].ToList(), rules)).ToList();

        var ranked = rows.OrderByDescending(row => row.Points).ThenBy(row => row.UnitCode, StringComparer.Ordinal).ToList();
        var result = new List<ScoreRow>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var rank = i > 0 && ranked[i].Points == ranked[i - 1].Points ? result[i - 1].Rank : i + 1;
            result.Add(ranked[i] with { Rank = rank });
        }
        return result;
    }

    private static ScoreRow RowFor(string unitCode, List<ItemSummary> items, ScoringRules rules)
    {
        var accepted = items.Count(item => item.Status is ItemStatus.Accepted or ItemStatus.Published);
        var published = items.Count(item => item.Status == ItemStatus.Published);
        var adoptions = items.SelectMany(item => item.Adoptions).ToList();
        var adoptionCounts = new AdoptionCounts(
            adoptions.Count(level => level == AdoptionLevel.City),
            adoptions.Count(level => level == AdoptionLevel.Province),
            adoptions.Count(level => level == AdoptionLevel.National));
        var instructions = items.SelectMany(item => item.Instructions).ToList();
        var late = items.Count(item => item.Emergency is { OnTime: false });

        var points = accepted * rules.Accepted
            + published * rules.Published
            + adoptionCounts.City * rules.AdoptedByCity
            + adoptionCounts.Province * rules.AdoptedByProvince
            + adoptionCounts.National * rules.AdoptedNationally
            + instructions.Sum(level => level switch
            {
                InstructionLevel.County => rules.InstructionByCounty,
                InstructionLevel.City => rules.InstructionByCity,
                _ => rules.InstructionByProvince,
            })
            + late * rules.LateEmergency;

        return new ScoreRow(unitCode, items.Count, accepted, published, adoptionCounts, instructions.Count, late, points, 0);
    }
}
