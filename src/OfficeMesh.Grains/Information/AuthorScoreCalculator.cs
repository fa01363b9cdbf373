using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// 考核 by author: each submitting account's points for the items it submitted, by the same rules and the
/// same shared ranks as <see cref="ScoreCalculator"/> gives units. Only accounts that submitted in the
/// period have a row; each is shown with the unit it last submitted for.
/// </summary>
public static class AuthorScoreCalculator
{
    public static IReadOnlyList<AuthorScoreRow> Compute(IEnumerable<ItemSummary> items, ScoringRules rules)
    {
        var authored = items.Where(item => item.SubmittedBy is not null).ToList();
        var unitOf = authored.GroupBy(item => item.SubmittedBy!)
            .ToDictionary(group => group.Key, group => group.MaxBy(item => item.SubmittedAt)!.UnitCode, StringComparer.Ordinal);
        // The unit rule applied with the account in the unit's place.
        var rows = ScoreCalculator.Compute(unitOf.Keys, authored.Select(item => item with { UnitCode = item.SubmittedBy! }), rules);
        return rows.Select(row => new AuthorScoreRow(row.UnitCode, unitOf[row.UnitCode], row with { UnitCode = unitOf[row.UnitCode] })).ToList();
    }
}
