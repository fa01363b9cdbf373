using OfficeMesh.Api.Documents;
using OfficeMesh.Contracts;
using OfficeMesh.Grains.Directory;
using OfficeMesh.Grains.Information;
using Xunit;

namespace OfficeMesh.Tests.Documents;

public sealed class DocumentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static ItemSummary Item(string unit, string author, ItemStatus status, int daysAgo = 1) =>
        new(Guid.NewGuid().ToString("N"), unit, "county", "t", Topic.Focus, ItemKind.Dynamic, Classification.Public, status,
            Now.AddDays(-daysAgo), null, null, [], [], [], 1, author);

    [Fact]
    public void The_ledger_counts_closing_on_time_and_overdue_cases_per_lead_unit()
    {
        SupervisionCase Case(string lead, DateTimeOffset due, DateTimeOffset? closedAt) => new(Guid.NewGuid().ToString("N"), "county", "t", "d",
            CaseSource.Assigned, null, lead, [], due, Now.AddDays(-30), closedAt is null ? CaseStatus.Open : CaseStatus.Closed, null, [], [], null, [], closedAt, null, []);

        var summary = CaseLedger.ByLeadUnit(
        [
            Case("a", Now.AddDays(-5), Now.AddDays(-6)), Case("a", Now.AddDays(-5), Now.AddDays(-1)), Case("a", Now.AddDays(-1), null), Case("a", Now.AddDays(3), null),
            Case("b", Now.AddDays(3), null),
        ], Now);

        var a = summary.Single(unit => unit.UnitCode == "a");
        Assert.Equal((4, 2, 1, 2), (a.Led, a.Closed, a.ClosedOnTime, a.Overdue));
        Assert.Equal((0.5, 0.25), (a.ClosingRate, a.OnTimeRate));
        Assert.Equal((0, 0.0), (summary.Single(unit => unit.UnitCode == "b").Overdue, summary.Single(unit => unit.UnitCode == "b").ClosingRate));
    }

    [Theory]
    [InlineData("淳安县两办", "淳安信息")]
    [InlineData("西湖区委办", "西湖信息")]
    [InlineData("两办", "两办信息")]
    public void A_periodical_without_a_configured_name_takes_the_place_name_of_its_county_office(string office, string name) =>
        Assert.Equal(name, DocumentEndpoints.DefaultPeriodicalName(office));

    [Fact]
    public void Import_rows_are_checked_against_each_other_and_what_exists_and_created_parents_first()
    {
        var existing = new Dictionary<string, Unit> { ["city-x"] = new("city-x", "杭州市委办", UnitKind.UpperOffice, null, UpperLevel.City, false, null, Now) };
        var plan = DirectoryImportRules.Check(
        [
            new ImportUnitRow(2, "town-1", "千岛湖镇", "乡镇", "county-1"),
            new ImportUnitRow(3, "county-1", "淳安县两办", "county-office", "city-x"),
            new ImportUnitRow(4, "town-1", "重复镇", "township", "county-1"),
        ],
        [new ImportAccountRow(2, "taken", "town-1", "unit-officer", null, null), new ImportAccountRow(3, "new-user", "county-1", "leader", "张三", "13900000000")],
        existing, new HashSet<string> { "taken" }, DirectoryImportRules.NewPassword);

        Assert.Equal([("单位", 4, "代码"), ("账号", 2, "用户名")], plan.Problems.Select(problem => (problem.Sheet, problem.Row, problem.Column)));
        Assert.Equal(["county-1", "town-1"], plan.Units.Select(unit => unit.Code));
        Assert.Equal("new-user", Assert.Single(plan.Accounts).Username);
        Assert.True(plan.Accounts[0].Password.Length >= 10);
    }
}
