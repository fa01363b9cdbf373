namespace OfficeMesh.Contracts;

/// <summary>One unit's line of the 督办台账 summary: the cases it leads, how many closed, closed in time, and overdue.</summary>
public sealed record UnitCaseSummary(string UnitCode, int Led, int Closed, int ClosedOnTime, int Overdue)
{
    /// <summary>办结率: closed ÷ led (0 when it leads none).</summary>
    public double ClosingRate => Led == 0 ? 0 : (double)Closed / Led;

    /// <summary>按期办结率: closed by the deadline ÷ led.</summary>
    public double OnTimeRate => Led == 0 ? 0 : (double)ClosedOnTime / Led;
}

/// <summary>How the supervision office counts its ledger (督办台账): by lead unit, a case is overdue (超期) if it closed after its deadline or is still open past it.</summary>
public static class CaseLedger
{
    public static bool ClosedOnTime(SupervisionCase c) => c.Status == CaseStatus.Closed && c.ClosedAt <= c.DueAt;

    public static bool Overdue(SupervisionCase c, DateTimeOffset now) =>
        c.Status == CaseStatus.Closed ? c.ClosedAt > c.DueAt : now > c.DueAt;

    public static IReadOnlyList<UnitCaseSummary> ByLeadUnit(IEnumerable<SupervisionCase> cases, DateTimeOffset now) =>
        cases.GroupBy(c => c.LeadUnit)
            .Select(unit => new UnitCaseSummary(unit.Key, unit.Count(), unit.Count(c => c.Status == CaseStatus.Closed),
                unit.Count(ClosedOnTime), unit.Count(c => Overdue(c, now))))
            .OrderBy(summary => summary.UnitCode, StringComparer.Ordinal)
            .ToList();
}
