using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// 考核: a unit's points for the items it submitted in a period, by the configured rules. Every unit of
/// the county gets a row, zero included, so a unit that sent nothing stands out at the bottom.
/// Units with equal points share a rank (1, 2, 2, 4). Authors (the submitting accounts) are counted and
/// ranked the same way, for the year-end commendation of individuals. An item merged into a composite
/// (综合信息) counts as accepted for its unit, and as published once the composite is published.
/// </summary>
public static class ScoreCalculator
{
    public static IReadOnlyList<ScoreRow> Compute(IEnumerable<string> unitCodes, IEnumerable<ItemSummary> items, ScoringRules rules)
    {
        var byUnit = items.ToLookup(item => item.UnitCode);
        var rows = unitCodes.Distinct().Select(unit => RowFor(unit, byUnit[unit].ToList(), rules)).ToList();
        return Ranked(rows, row => row.Points, row => row.UnitCode, (row, rank) => row with { Rank = rank });
    }

    /// <summary>Every account that submitted an item in the period (phone reports taken by the duty room have no author).</summary>
    public static IReadOnlyList<AuthorScoreRow> ComputeAuthors(IEnumerable<ItemSummary> items, ScoringRules rules)
    {
        var rows = items.Where(item => item.SubmittedBy is not null)
            .GroupBy(item => item.SubmittedBy!)
            .Select(author =>
            {
                var row = RowFor(author.First().UnitCode, author.ToList(), rules);
                return new AuthorScoreRow(author.Key, row.UnitCode, row.Submitted, row.Accepted, row.Published, row.Adoptions,
                    row.Instructions, row.LateEmergencies, row.Points, 0, row.AdoptionRate);
            })
            .ToList();
        return Ranked(rows, row => row.Points, row => row.Username, (row, rank) => row with { Rank = rank });
    }

    /// <summary>采用率: accepted ÷ submitted, 0 when nothing was submitted.</summary>
    public static double AdoptionRate(int accepted, int submitted) => submitted == 0 ? 0 : Math.Round((double)accepted / submitted, 4);

    private static IReadOnlyList<T> Ranked<T>(List<T> rows, Func<T, int> points, Func<T, string> name, Func<T, int, T> withRank)
    {
        var ranked = rows.OrderByDescending(points).ThenBy(name, StringComparer.Ordinal).ToList();
        var result = new List<T>(ranked.Count);
        var rank = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            if (i == 0 || points(ranked[i]) != points(ranked[i - 1]))
                rank = i + 1;
            result.Add(withRank(ranked[i], rank));
        }
        return result;
    }

    private static ScoreRow RowFor(string unitCode, List<ItemSummary> items, ScoringRules rules)
    {
        var accepted = items.Count(item => item.Status is ItemStatus.Accepted or ItemStatus.Published or ItemStatus.Merged);
        var published = items.Count(item => item.Status == ItemStatus.Published || (item.Status == ItemStatus.Merged && item.CompositePublished));
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

        return new ScoreRow(unitCode, items.Count, accepted, published, adoptionCounts, instructions.Count, late, points, 0,
            AdoptionRate(accepted, items.Count));
    }
}
