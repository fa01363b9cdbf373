using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Grains.Information;
using Xunit;

namespace OfficeMesh.Tests.Rules;

public sealed class EmergencyRuleTests
{
    private static readonly DateTimeOffset Occurred = new(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(0, true)]
    [InlineData(119, true)]
    [InlineData(120, true)]
    [InlineData(121, false)]
    [InlineData(600, false)]
    public void An_emergency_is_on_time_when_received_within_two_hours(int minutesLater, bool onTime) =>
        Assert.Equal(onTime, ItemRules.Receipt(Occurred, Occurred.AddMinutes(minutesLater), null).OnTime);

    [Fact]
    public void An_emergency_without_occurredAt_or_from_the_future_is_refused()
    {
        var now = Occurred.AddHours(1);
        var draft = new ItemDraft("t", "b", Topic.Hot, ItemKind.Emergency, Classification.Public, null, null);
        Assert.Equal("occurredAt", Assert.Throws<DomainException>(() => ItemRules.ValidateDraft(draft, now)).Field);
        Assert.Equal("occurredAt", Assert.Throws<DomainException>(() => ItemRules.ValidateDraft(draft with { OccurredAt = now.AddMinutes(5) }, now)).Field);
        ItemRules.ValidateDraft(draft with { OccurredAt = now.AddSeconds(30) }, now);
    }
}

public sealed class ScoreCalculatorTests
{
    private static ItemSummary Item(string unit, ItemStatus status, AdoptionLevel[]? adoptions = null, InstructionLevel[]? instructions = null, bool lateEmergency = false) =>
        new(Guid.NewGuid().ToString("N"), unit, "county", "t", Topic.Focus, lateEmergency ? ItemKind.Emergency : ItemKind.Dynamic, Classification.Public, status,
            DateTimeOffset.UnixEpoch, null,
            lateEmergency ? new EmergencyReceipt(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(3), null, false) : null,
            [], adoptions ?? [], instructions ?? [], 1);

    [Fact]
    public void Points_follow_the_rules_and_units_without_items_get_a_zero_row_at_the_bottom()
    {
        var rules = new ScoringRules();
        var rows = ScoreCalculator.Compute(["a", "b", "silent"],
        [
            Item("a", ItemStatus.Published, [AdoptionLevel.City, AdoptionLevel.Province], [InstructionLevel.City]),
            Item("a", ItemStatus.Rejected),
            Item("b", ItemStatus.Accepted, lateEmergency: true),
        ], rules).ToDictionary(row => row.UnitCode);

        Assert.Equal(1 + 3 + 10 + 20 + 10, rows["a"].Points);
        Assert.Equal(2, rows["a"].Submitted);
        Assert.Equal(1 - 5, rows["b"].Points);
        Assert.Equal(1, rows["b"].LateEmergencies);
        Assert.Equal(0, rows["silent"].Points);
        Assert.Equal([1, 3, 2], new[] { rows["a"].Rank, rows["b"].Rank, rows["silent"].Rank });
    }

    [Fact]
    public void Equal_points_share_a_rank_and_the_next_rank_skips()
    {
        var rows = ScoreCalculator.Compute(["a", "b", "c"], [Item("a", ItemStatus.Accepted), Item("b", ItemStatus.Accepted)], new ScoringRules());
        Assert.Equal([1, 1, 3], rows.Select(row => row.Rank));
    }

    [Fact]
    public void Rules_come_from_configuration()
    {
        var rows = ScoreCalculator.Compute(["a"], [Item("a", ItemStatus.Published)], new ScoringRules { Accepted = 2, Published = 7 });
        Assert.Equal(9, Assert.Single(rows).Points);
    }

    [Fact]
    public void Each_row_carries_its_adoption_rate_and_a_merged_item_counts_for_its_unit()
    {
        var rows = ScoreCalculator.Compute(["a", "b", "silent"],
        [
            Item("a", ItemStatus.Accepted), Item("a", ItemStatus.Rejected), Item("a", ItemStatus.Submitted), Item("a", ItemStatus.Returned),
            Item("b", ItemStatus.Merged) with { CompositePublished = true },
        ], new ScoringRules()).ToDictionary(row => row.UnitCode);
        Assert.Equal(0.25, rows["a"].AdoptionRate);
        Assert.Equal((1, 1, 1.0), (rows["b"].Accepted, rows["b"].Published, rows["b"].AdoptionRate));
        Assert.Equal(0, rows["silent"].AdoptionRate);
    }

    [Fact]
    public void Authors_are_ranked_as_units_are_and_phone_reports_have_no_author()
    {
        var rows = ScoreCalculator.Compute(["a"], [], new ScoringRules());
        var authors = ScoreCalculator.ComputeAuthors(
        [
            Item("a", ItemStatus.Published) with { SubmittedBy = "li" },
            Item("a", ItemStatus.Accepted) with { SubmittedBy = "wang" },
            Item("b", ItemStatus.Accepted) with { SubmittedBy = "zhao" },
            Item("b", ItemStatus.Accepted) with { SubmittedBy = null },
        ], new ScoringRules());
        Assert.Equal(["li", "wang", "zhao"], authors.Select(row => row.Username));
        Assert.Equal([1, 2, 2], authors.Select(row => row.Rank));
        Assert.Equal("b", authors[2].UnitCode);
        Assert.Single(rows);
    }

    [Fact]
    public void Items_of_units_outside_the_county_list_are_not_scored()
    {
        var rows = ScoreCalculator.Compute(["a"], [Item("elsewhere", ItemStatus.Published)], new ScoringRules());
        Assert.Equal("a", Assert.Single(rows).UnitCode);
    }
}

public sealed class ItemAccessTests
{
    private static Caller Caller(string unit, string? county, UnitKind kind, params Role[] roles) => new("u", unit, county, roles, kind, null);

    [Fact]
    public void A_secret_item_is_for_its_unit_and_the_county_editors_and_leaders_only()
    {
        bool CanSee(Caller caller) => ItemAccess.CanSee(caller, "town", "county", Classification.Secret, []);
        Assert.True(CanSee(Caller("town", "county", UnitKind.Township, Role.UnitOfficer)));
        Assert.True(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.InfoEditor)));
        Assert.True(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.Leader)));
        Assert.False(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.Duty)));
        Assert.False(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.Supervisor)));
        Assert.False(CanSee(Caller("other", "other", UnitKind.CountyOffice, Role.InfoEditor)));
    }

    [Fact]
    public void A_secret_emergency_reaches_the_duty_room_of_its_county_only()
    {
        bool CanSee(Caller caller) => ItemAccess.CanSee(caller, "town", "county", Classification.Secret, [], ItemKind.Emergency);
        Assert.True(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.Duty)));
        Assert.True(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.InfoEditor)));
        Assert.False(CanSee(Caller("county", "county", UnitKind.CountyOffice, Role.Supervisor)));
        Assert.False(CanSee(Caller("other", "other", UnitKind.CountyOffice, Role.Duty)));
    }

    [Fact]
    public void An_upper_office_sees_only_what_was_forwarded_to_it()
    {
        var liaison = new Caller("l", "city", null, [Role.UpperLiaison], UnitKind.UpperOffice, UpperLevel.City);
        Forward[] toCity = [new(UpperLevel.City, DateTimeOffset.UnixEpoch, "city")];
        Forward[] toOtherCity = [new(UpperLevel.City, DateTimeOffset.UnixEpoch, "other-city")];
        Assert.True(ItemAccess.CanSee(liaison, "town", "county", Classification.Internal, toCity));
        Assert.False(ItemAccess.CanSee(liaison, "town", "county", Classification.Internal, toOtherCity));
        Assert.False(ItemAccess.CanSee(liaison, "town", "county", Classification.Public, []));
    }
}

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Requests_made_while_a_write_runs_share_the_next_write()
    {
        var writes = 0;
        var release = new TaskCompletionSource();
        var commit = new GroupCommit(async () =>
        {
            writes++;
            if (writes == 1)
                await release.Task;
        });

        var first = commit.FlushAsync();
        var joined = Enumerable.Range(0, 10).Select(_ => commit.FlushAsync()).ToList();
        Assert.Equal(1, writes);
        release.SetResult();
        await first;
        await Task.WhenAll(joined);

        Assert.Equal(2, writes);
    }

    [Fact]
    public async Task A_failed_write_fails_its_waiters_and_the_next_request_writes_again()
    {
        var attempts = 0;
        var commit = new GroupCommit(() => ++attempts == 1 ? Task.FromException(new IOException("disk")) : Task.CompletedTask);

        await Assert.ThrowsAsync<IOException>(commit.FlushAsync);
        await commit.FlushAsync();
        Assert.Equal(2, attempts);
    }
}

/// <summary>A retried submission is recognised by its draft's fingerprint, and only an identical draft matches.</summary>
public sealed class DraftFingerprintTests
{
    private static readonly ItemDraft Draft = new("标题", "正文", Topic.Focus, ItemKind.Emergency, Classification.Public,
        new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.FromHours(8)), null);

    [Fact]
    public void Equal_drafts_match_and_any_change_does_not()
    {
        Assert.Equal(ItemRules.Fingerprint(Draft), ItemRules.Fingerprint(Draft with { OccurredAt = Draft.OccurredAt!.Value.ToUniversalTime() }));
        Assert.NotEqual(ItemRules.Fingerprint(Draft), ItemRules.Fingerprint(Draft with { Body = "正文。" }));
        Assert.NotEqual(ItemRules.Fingerprint(Draft), ItemRules.Fingerprint(Draft with { Title = "标题正", Body = "文" }));
        Assert.NotEqual(ItemRules.Fingerprint(Draft), ItemRules.Fingerprint(Draft with { Classification = Classification.Secret }));
        Assert.NotEqual(ItemRules.Fingerprint(Draft), ItemRules.Fingerprint(Draft with { PhoneReportedAt = Draft.OccurredAt }));
    }
}
