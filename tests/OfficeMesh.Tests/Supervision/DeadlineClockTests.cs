using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Grains.Supervision;
using OfficeMesh.Storage.Embedded;
using OfficeMesh.Tests.Infrastructure;
using OfficeMesh.Tests.Storage;
using Orleans.Hosting;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Supervision;

/// <summary>
/// Cases and coordinations on a fake clock, on a real silo with embedded storage. A reminder tick is
/// what <see cref="ICaseGrain.CheckDeadline"/> does, so the tests tick by calling it, as often as they like.
/// </summary>
public sealed class DeadlineClockTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 1, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TemporaryDataDirectory _data = new();
    private InProcessTestCluster _cluster = null!;
    private string _county = "", _lead = "", _co = "", _bystander = "";

    private IGrainFactory Grains => _cluster.Client;
    private Caller Supervisor => new("supervisor", _county, _county, [Role.Supervisor], UnitKind.CountyOffice, null);
    private Caller Officer(string unit) => new($"officer-{unit}", unit, _county, [Role.UnitOfficer], UnitKind.Township, null);

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(_clock);
            silo.UseOfficeMeshEmbeddedStorage(_data.Path);
            silo.Services.AddOfficeMeshGrains();
            silo.Services.Configure<WorkCalendarOptions>(calendar =>
            {
                calendar.Holidays = ["2026-02-15/2026-02-23"];
                calendar.MakeUpWorkdays = ["2026-02-14", "2026-02-28"];
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);

        (_county, _lead, _co, _bystander) = (Unique.Code("county"), Unique.Code("lead"), Unique.Code("co"), Unique.Code("town"));
        await Grains.GetGrain<IUnitGrain>(_county).Register(new UnitRegistration(_county, "县两办", UnitKind.CountyOffice, null, null, false));
        foreach (var unit in new[] { _lead, _co, _bystander })
            await Grains.GetGrain<IUnitGrain>(unit).Register(new UnitRegistration(unit, unit, UnitKind.Township, _county, null, false));
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    private async Task<ICaseGrain> OpenCaseAsync(TimeSpan duration)
    {
        var grain = Grains.GetGrain<ICaseGrain>(Guid.NewGuid().ToString("N"));
        await grain.Create(Supervisor, new CaseDraft("整治渡口超载", "交通、公安部门要密切配合", CaseSource.Assigned, null, _lead, [_co],
            _clock.GetUtcNow() + duration, "supervisor", null));
        return grain;
    }

    private async Task TickAsync(ICaseGrain grain, int times = 3)
    {
        for (var i = 0; i < times; i++)
            await grain.CheckDeadline();
    }

    private async Task<IReadOnlyList<InboxEntry>> InboxAsync(string unit) => await Grains.GetGrain<IUnitInboxGrain>(unit).List();

    [Fact]
    public async Task Lights_and_urgings_follow_the_clock_exactly_once_each()
    {
        var grain = await OpenCaseAsync(TimeSpan.FromDays(20));
        await TickAsync(grain);
        Assert.Equal(Light.Green, (await grain.View(Supervisor)).Light);
        Assert.Empty((await grain.Get())!.Urgings);
        var caseEntry = Assert.Single(await InboxAsync(_lead), entry => entry.Type == InboxTypes.Case);
        Assert.Equal(Light.Green, caseEntry.Light);

        // Yellow at 75% of the time: one reminder to the lead and one to the co-unit, however often it ticks.
        _clock.Advance(TimeSpan.FromDays(15) + TimeSpan.FromMinutes(1));
        await TickAsync(grain);
        Assert.Equal(Light.Yellow, (await grain.View(Supervisor)).Light);
        AssertUrgings(await grain.Get(), (0, UrgingKind.Reminder));
        Assert.Equal(Light.Yellow, Assert.Single(await InboxAsync(_co), entry => entry.Type == InboxTypes.Case).Light);

        // A reactivation runs the same check again: still nothing new.
        await DeactivateAsync(grain);
        await TickAsync(grain);
        AssertUrgings(await grain.Get(), (0, UrgingKind.Reminder));

        // Red after the deadline: an overdue urging, then one a day.
        _clock.Advance(TimeSpan.FromDays(5));
        await TickAsync(grain);
        Assert.Equal(Light.Red, (await grain.View(Officer(_lead))).Light);
        AssertUrgings(await grain.Get(), (0, UrgingKind.Reminder), (1, UrgingKind.Overdue));
        _clock.Advance(TimeSpan.FromDays(1));
        await TickAsync(grain);
        AssertUrgings(await grain.Get(), (0, UrgingKind.Reminder), (1, UrgingKind.Overdue), (2, UrgingKind.Overdue));

        // Three days without a tick (the system was down): one urging on return, not three.
        _clock.Advance(TimeSpan.FromDays(3));
        await DeactivateAsync(grain);
        await TickAsync(grain);
        AssertUrgings(await grain.Get(), (0, UrgingKind.Reminder), (1, UrgingKind.Overdue), (2, UrgingKind.Overdue), (5, UrgingKind.Overdue));
        Assert.Equal(4, (await InboxAsync(_lead)).Count(entry => entry.Type == InboxTypes.Urging));

        // Once the lead unit reports a result, urging stops; closing reports it and clears the inboxes.
        await grain.SubmitResult(Officer(_lead), "已整改完毕，增设安全员2名");
        _clock.Advance(TimeSpan.FromDays(2));
        await TickAsync(grain);
        Assert.Equal(8, (await grain.Get())!.Urgings.Count);
        var closed = await grain.Close(Supervisor);
        Assert.Equal(CaseStatus.Closed, closed.Case.Status);
        Assert.Equal(CaseGrain.SupervisionOfficeLeadership, closed.Case.ReportedTo);
        // Due on Saturday 21 Feb (Beijing), closed on Friday 27 Feb: the 22nd and 23rd are Spring Festival
        // holidays, so it closed four working days late (24th to 27th), and it stays red.
        Assert.Equal((false, 4), (closed.Case.ClosedOnTime, closed.Case.OverdueDays));
        Assert.Equal(Light.Red, closed.Light);
        Assert.Empty(await InboxAsync(_lead));
        Assert.Empty(await InboxAsync(_co));
    }

    [Fact]
    public async Task Progress_and_results_come_from_the_right_units_and_a_case_closes_only_with_a_result()
    {
        var grain = await OpenCaseAsync(TimeSpan.FromDays(10));
        await grain.ReportProgress(Officer(_co), "已排查渡口12处", "经费不足", 40);
        await Assert.ThrowsAsync<DomainException>(() => grain.SubmitResult(Officer(_co), "co-units do not report the result"));
        var notYet = await Assert.ThrowsAsync<DomainException>(() => grain.Close(Supervisor));
        Assert.Equal(DomainError.Conflict, notYet.Error);
        var stranger = await Assert.ThrowsAsync<DomainException>(() => grain.View(Officer(_bystander)));
        Assert.Equal(DomainError.NotFound, stranger.Error);
        var badPercent = await Assert.ThrowsAsync<DomainException>(() => grain.ReportProgress(Officer(_lead), "x", null, 140));
        Assert.Equal("percent", badPercent.Field);

        var view = await grain.SubmitResult(Officer(_lead), "完成");
        Assert.Equal(CaseStatus.ResultSubmitted, view.Case.Status);
        Assert.Equal("经费不足", Assert.Single(view.Case.Progress).Obstacles);
    }

    [Fact]
    public async Task An_extension_is_asked_before_the_deadline_and_keeps_both_dates()
    {
        var grain = await OpenCaseAsync(TimeSpan.FromDays(10));
        var firstDue = (await grain.Get())!.DueAt;
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(Light.Yellow, (await grain.View(Supervisor)).Light);

        Assert.Equal(DomainError.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.RequestExtension(Officer(_co), "co", firstDue.AddDays(5)))).Error);
        Assert.Equal("newDueAt", (await Assert.ThrowsAsync<DomainException>(() => grain.RequestExtension(Officer(_lead), "earlier", firstDue.AddDays(-1)))).Field);
        await grain.RequestExtension(Officer(_lead), "汛期施工受阻", firstDue.AddDays(20));
        Assert.Equal(DomainError.Conflict, (await Assert.ThrowsAsync<DomainException>(() => grain.RequestExtension(Officer(_lead), "again", firstDue.AddDays(30)))).Error);

        var approved = await grain.DecideExtension(Supervisor, approve: true, "同意");
        Assert.Equal(firstDue.AddDays(20), approved.Case.DueAt);
        Assert.Equal(Light.Green, approved.Light);
        var extension = Assert.Single(approved.Case.Extensions);
        Assert.Equal((firstDue, firstDue.AddDays(20), true), (extension.PreviousDueAt, extension.RequestedDueAt, extension.Approved));

        // A refused request leaves the deadline; after the deadline no request is taken.
        await grain.RequestExtension(Officer(_lead), "再延", firstDue.AddDays(40));
        var refused = await grain.DecideExtension(Supervisor, approve: false, "不同意");
        Assert.Equal(firstDue.AddDays(20), refused.Case.DueAt);
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(DomainError.Conflict, (await Assert.ThrowsAsync<DomainException>(() => grain.RequestExtension(Officer(_lead), "too late", firstDue.AddDays(60)))).Error);
    }

    [Fact]
    public async Task A_deadline_in_working_days_skips_the_Spring_Festival_and_counts_make_up_Saturdays()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 2, 12, 10, 0, 0, TimeSpan.FromHours(8)));
        var grain = Grains.GetGrain<ICaseGrain>(Guid.NewGuid().ToString("N"));
        var view = await grain.Create(Supervisor, new CaseDraft("会议决定事项", "5个工作日内报送", CaseSource.Meeting, null, _lead, [],
            null, "supervisor", null, DueInWorkingDays: 5));
        Assert.Equal(new DateTimeOffset(2026, 2, 26, 23, 59, 59, TimeSpan.FromHours(8)), view.Case.DueAt);
    }

    [Fact]
    public async Task Unanswered_units_of_a_coordination_are_urged_once_after_its_deadline()
    {
        var creator = new Caller("editor", _county, _county, [Role.InfoEditor], UnitKind.CountyOffice, null);
        var grain = Grains.GetGrain<ICoordinationGrain>(Guid.NewGuid().ToString("N"));
        await grain.Create(creator, new CoordinationDraft("防汛会商", "请各单位提出意见", CoordinationKind.Consultation, [_lead, _co, _bystander],
            _clock.GetUtcNow().AddDays(2)));
        await grain.Respond(Officer(_lead), "同意", Position.Agree);
        Assert.Equal(DomainError.Conflict, (await Assert.ThrowsAsync<DomainException>(() => grain.Respond(Officer(_lead), "again", Position.Object))).Error);

        _clock.Advance(TimeSpan.FromDays(1.9));
        await grain.CheckDeadline();
        Assert.Empty((await grain.View(creator)).Urgings);

        _clock.Advance(TimeSpan.FromDays(0.2));
        for (var i = 0; i < 3; i++)
            await grain.CheckDeadline();
        var urged = (await grain.View(creator)).Urgings;
        Assert.Equal(new[] { _co, _bystander }.Order(), urged.Select(urging => urging.ToUnit).Order());
        Assert.Empty(await InboxAsync(_lead));
        Assert.Equal([InboxTypes.Coordination, InboxTypes.Urging], (await InboxAsync(_co)).Select(entry => entry.Type));

        await grain.Respond(Officer(_co), "有意见", Position.Object);
        Assert.Empty(await InboxAsync(_co));
    }

    /// <summary>Drops the activation; the next call activates it afresh from storage.</summary>
    private static async Task DeactivateAsync(ICaseGrain grain)
    {
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(100, TestContext.Current.CancellationToken);
    }

    private static void AssertUrgings(SupervisionCase? supervised, params (int Slot, UrgingKind Kind)[] expected)
    {
        var sent = supervised!.Urgings;
        Assert.Equal(expected.Length * 2, sent.Count);
        Assert.Equal(expected.SelectMany(slot => new[] { slot, slot }), sent.Select(urging => (urging.Slot, urging.Kind)));
    }
}
