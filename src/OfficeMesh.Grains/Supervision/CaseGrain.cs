using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;
using OfficeMesh.Grains.Information;

namespace OfficeMesh.Grains.Supervision;

/// <summary>How often the system looks at every open deadline (<c>OfficeMesh:Supervision</c>).</summary>
public sealed class SupervisionOptions
{
    /// <summary>The period of each case's reminder; urgings land within this of their due time.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

[GenerateSerializer, Alias("OfficeMesh.CaseState")]
public sealed class CaseState
{
    [Id(0)] public SupervisionCase? Case { get; set; }

    /// <summary>The last urging slot sent for the current deadline (-1: none yet).</summary>
    [Id(1)] public int LastUrgedSlot { get; set; } = -1;

    // Outbox: the case index and the units' inboxes still to be told about the current state, and urgings to land.
    [Id(2)] public bool IndexOwed { get; set; }
    [Id(3)] public bool InboxesOwed { get; set; }
    [Id(4)] public List<Urging> UrgingsOwed { get; set; } = [];
    [Id(5)] public int Version { get; set; }
    /// <summary>果必报: the closed case's result still to be put on its instruction and before the county's leaders.</summary>
    [Id(6)] public bool ResultReportOwed { get; set; }

    public bool OwesAnything => IndexOwed || InboxesOwed || UrgingsOwed.Count > 0 || ResultReportOwed;
}

/// <summary>
/// A supervision case: 批必查、查必果、果必报. A reminder looks at the deadline every period and urges
/// the lead and co-units by itself; the same check runs when the case activates and when a silo starts,
/// so a deadline that passed while the system was down is urged as soon as it is back.
/// </summary>
public sealed class CaseGrain(
    [PersistentState("case", ProviderNames.GrainStorage)] IPersistentState<CaseState> state,
    TimeProvider clock,
    WorkCalendar calendar,
    IOptions<SupervisionOptions> options,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const string DeadlineReminder = "deadline";
    public const string SupervisionOfficeLeadership = "督查室领导";

    private string Id => this.GetPrimaryKeyString();

    private Outbox _outbox = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox = new Outbox(this, () => state.State.OwesAnything, DeliverAsync, logger);
        if (state.State.Case is not null)
            await CheckDeadline();
    }

    public async Task<SupervisionCase> Open(string countyCode, CaseDraft draft)
    {
        if (state.State.Case is { } existing)
            return existing;
        var now = clock.GetUtcNow();
        var dueAt = draft.DueAt ?? calendar.DeadlineAfter(now, draft.DueInWorkingDays ?? throw DomainException.Invalid("dueAt", zh: "督办事项须有办理期限", en: "A case needs a deadline."));
        // The reminder first: if we die before the write, it fires, finds no case, and goes away.
        await this.RegisterOrUpdateReminder(DeadlineReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        // Asking again after a crash returns the same number, so a retried opening leaves no gap.
        var year = ChinaTime.Of(now).Year;
        var sequence = await GrainFactory.GetGrain<ICaseNumberGrain>(GrainKeys.CaseNumbers(countyCode, year)).Assign(Id);
        await CommitAsync(new SupervisionCase(Id, countyCode, draft.Title, draft.Description, draft.Source, draft.SourceRef,
            draft.LeadUnit, draft.CoUnits.Distinct().ToList(), dueAt, now, CaseStatus.Open, draft.InstructingLeader,
            [new HistoryEntry(now, draft.OpenedBy, "opened", draft.SourceRef)], [], null, [], null, null, [],
            Leader: string.IsNullOrWhiteSpace(draft.Leader) ? null : draft.Leader.Trim(), InstructionId: draft.InstructionId,
            Number: CaseNumbers.Format(year, sequence)));
        return state.State.Case!;
    }

    public async Task<CaseView> Create(Caller caller, CaseDraft draft)
    {
        if (caller.CountyCode is not { } county || !caller.IsCounty(Role.Supervisor, county))
            throw DomainException.Forbidden(zh: "只有督查室可以立项督办", en: "Only the supervision office opens cases.");
        if (state.State.Case is not null)
            throw DomainException.Conflict(zh: $"编号为“{Id}”的督办事项已存在", en: $"A case with id '{Id}' already exists.");
        ItemRules.RequireText(draft.Title, "title", 200);
        ItemRules.RequireText(draft.Description, "description", 20_000);
        if (draft.Leader is { Length: > 100 })
            throw DomainException.Invalid("leader", zh: "交办领导不能超过100个字", en: "The field 'leader' must be at most 100 characters.");
        var now = clock.GetUtcNow();
        var dueAt = draft.DueAt ?? calendar.DeadlineAfter(now, draft.DueInWorkingDays!.Value);
        await CaseRules.ValidateOpeningAsync(GrainFactory, county, new CaseOpening(draft.LeadUnit, draft.CoUnits, dueAt), now);
        await Open(county, draft with { DueAt = dueAt });
        return View();
    }

    public Task<SupervisionCase?> Get() => Task.FromResult(state.State.Case);

    public Task<CaseView> View(Caller caller)
    {
        Visible(caller);
        return Task.FromResult(View());
    }

    public async Task<CaseView> ReportProgress(Caller caller, string text, string? obstacles, int? percent)
    {
        var current = Visible(caller);
        if (!current.Involves(caller.UnitCode))
            throw DomainException.Forbidden(zh: "进展由牵头单位和协办单位报送", en: "Progress is reported by the lead and co-units.");
        RequireOpen(current, zh: "报送进展", en: "report progress on");
        ItemRules.RequireText(text, "text", 5_000);
        if (obstacles is { Length: > 5_000 })
            throw DomainException.Invalid("obstacles", zh: "困难和问题不能超过5000个字", en: "obstacles must be at most 5000 characters.");
        if (percent is < 0 or > 100)
            throw DomainException.Invalid("percent", zh: "完成进度须在0到100之间", en: "percent is between 0 and 100.");
        var now = clock.GetUtcNow();
        await CommitAsync(current with
        {
            Progress = [.. current.Progress, new ProgressReport(caller.UnitCode!, text, obstacles, percent, now, caller.Username)],
            History = [.. current.History, new HistoryEntry(now, caller.Username, "progress", percent is null ? null : $"{percent}%")],
        });
        return View();
    }

    public async Task<CaseView> SubmitResult(Caller caller, string text)
    {
        var current = Visible(caller);
        if (caller.UnitCode != current.LeadUnit)
            throw DomainException.Forbidden(zh: "办理结果由牵头单位报送", en: "The result is reported by the lead unit.");
        RequireOpen(current, zh: "报送结果", en: "submit a result for");
        ItemRules.RequireText(text, "text", 20_000);
        var now = clock.GetUtcNow();
        await CommitAsync(current with
        {
            Status = CaseStatus.ResultSubmitted,
            Result = new CaseResult(text, now, caller.Username),
            History = [.. current.History, new HistoryEntry(now, caller.Username, "result-submitted", null)],
        });
        return View();
    }

    public async Task<CaseView> Close(Caller caller)
    {
        var current = Visible(caller);
        if (!caller.IsCounty(Role.Supervisor, current.CountyCode))
            throw DomainException.Forbidden(zh: "只有督查室可以办结督办事项", en: "Only the supervision office closes cases.");
        if (current.Status != CaseStatus.ResultSubmitted)
            throw current.Status == CaseStatus.Closed
                ? DomainException.Conflict(zh: "该督办事项已办结", en: "The case is already closed.")
                : DomainException.Conflict(zh: "尚未报送办理结果，不能办结（查必果）", en: "A case cannot close without a result (查必果).");
        var now = clock.GetUtcNow();
        var reportedTo = CaseRules.ReportTo(current);
        var overdueDays = calendar.WorkingDaysLate(current.DueAt, now);
        state.State.ResultReportOwed = true;
        await CommitAsync(current with
        {
            Status = CaseStatus.Closed,
            ClosedAt = now,
            ReportedTo = reportedTo,
            ClosedOnTime = overdueDays == 0,
            OverdueDays = overdueDays,
            History = [.. current.History, new HistoryEntry(now, caller.Username, "closed", overdueDays == 0 ? null : $"超期{overdueDays}个工作日"),
                new HistoryEntry(now, caller.Username, "reported", reportedTo)],
        });
        await UnregisterReminderAsync();
        return View();
    }

    public async Task<CaseView> ReturnResult(Caller caller, string reason)
    {
        var current = Visible(caller);
        if (!caller.IsCounty(Role.Supervisor, current.CountyCode))
            throw DomainException.Forbidden(zh: "只有督查室可以退回办理结果", en: "Only the supervision office sends a result back.");
        ItemRules.RequireText(reason, "reason", 2_000);
        if (current.Status != CaseStatus.ResultSubmitted)
            throw DomainException.Conflict(zh: $"该督办事项当前为“{ChineseNames.Of(current.Status)}”，没有待审的办理结果",
                en: $"The case is {Wire.Name(current.Status)}: there is no result to send back.");
        var now = clock.GetUtcNow();
        await CommitAsync(current with
        {
            Status = CaseStatus.Open,
            Result = null,
            History = [.. current.History, new HistoryEntry(now, caller.Username, "result-returned", $"{reason}（原结果：{current.Result?.Text}）")],
        });
        return View();
    }

    public async Task<CaseView> RequestExtension(Caller caller, string reason, DateTimeOffset newDueAt)
    {
        var current = Visible(caller);
        if (caller.UnitCode != current.LeadUnit)
            throw DomainException.Forbidden(zh: "延期由牵头单位申请", en: "Extensions are asked by the lead unit.");
        RequireOpen(current, zh: "申请延期", en: "extend");
        ItemRules.RequireText(reason, "reason", 2_000);
        var now = clock.GetUtcNow();
        if (now >= current.DueAt)
            throw DomainException.Conflict(zh: "延期须在办理期限届满前申请", en: "Extensions are asked before the deadline.");
        if (current.Extensions.Any(extension => extension.Approved is null))
            throw DomainException.Conflict(zh: "已有延期申请等待审批", en: "An extension request is already waiting for a decision.");
        if (newDueAt <= current.DueAt)
            throw DomainException.Invalid("newDueAt", zh: "新的办理期限须晚于现有期限", en: "The new deadline must be later than the current one.");
        await CommitAsync(current with
        {
            Extensions = [.. current.Extensions, new ExtensionRequest(reason, current.DueAt, newDueAt, now, caller.Username, null, null, null, null)],
            History = [.. current.History, new HistoryEntry(now, caller.Username, "extension-requested", $"{current.DueAt:O} → {newDueAt:O}: {reason}")],
        });
        return View();
    }

    public async Task<CaseView> DecideExtension(Caller caller, bool approve, string? comment)
    {
        var current = Visible(caller);
        if (!caller.IsCounty(Role.Supervisor, current.CountyCode))
            throw DomainException.Forbidden(zh: "延期申请由督查室审批", en: "Extensions are decided by the supervision office.");
        if (current.Extensions.LastOrDefault() is not { Approved: null } pending)
            throw DomainException.Conflict(zh: "没有等待审批的延期申请", en: "No extension request is waiting for a decision.");
        var now = clock.GetUtcNow();
        var decided = pending with { Approved = approve, DecidedBy = caller.Username, DecidedAt = now, Comment = comment };
        if (approve)
            state.State.LastUrgedSlot = -1;
        await CommitAsync(current with
        {
            DueAt = approve ? pending.RequestedDueAt : current.DueAt,
            Extensions = [.. current.Extensions.SkipLast(1), decided],
            History = [.. current.History, new HistoryEntry(now, caller.Username, approve ? "extension-approved" : "extension-refused",
                $"{pending.PreviousDueAt:O} → {pending.RequestedDueAt:O}")],
        });
        return View();
    }

    public async Task CheckDeadline()
    {
        if (state.State.Case is not { } current)
        {
            await UnregisterReminderAsync();
            return;
        }
        var now = clock.GetUtcNow();
        var slot = current.Status == CaseStatus.Open ? Deadlines.SlotToSend(current.OpenedAt, current.DueAt, now, state.State.LastUrgedSlot) : null;
        if (slot is { } due)
        {
            var kind = Deadlines.KindOf(due);
            var urgings = current.CoUnits.Prepend(current.LeadUnit).Select(unit => new Urging(now, kind, unit, due)).ToList();
            state.State.LastUrgedSlot = due;
            state.State.UrgingsOwed.AddRange(urgings);
            await CommitAsync(current with
            {
                Urgings = [.. current.Urgings, .. urgings],
                History = [.. current.History, new HistoryEntry(now, "system", $"urged-{Wire.Name(kind)}", string.Join(",", urgings.Select(u => u.ToUnit)))],
            });
            OfficeMeshMetrics.UrgingsSent.Add(urgings.Count, OfficeMeshMetrics.Tag("kind", Wire.Name(kind)));
        }
        else if (_outbox.Owes && await _outbox.DeliverAsync())
        {
            await state.WriteStateAsync();
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDeadline();

    private SupervisionCase Visible(Caller caller)
    {
        if (state.State.Case is not { } current
            || !(current.Involves(caller.UnitCode) || caller.IsCounty(Role.Supervisor, current.CountyCode) || caller.IsCounty(Role.Leader, current.CountyCode)))
            throw DomainException.NotFound(zh: $"督办事项“{Id}”不存在", en: $"There is no case '{Id}'.");
        return current;
    }

    private static void RequireOpen(SupervisionCase current, string zh, string en)
    {
        if (current.Status != CaseStatus.Open)
            throw DomainException.Conflict(zh: $"该督办事项当前为“{ChineseNames.Of(current.Status)}”，不能{zh}", en: $"Cannot {en} a case that is {Wire.Name(current.Status)}.");
    }

    private CaseView View()
    {
        var current = state.State.Case!;
        return new CaseView(current, Deadlines.LightAt(current.OpenedAt, current.DueAt, clock.GetUtcNow(), current.ClosedAt));
    }

    private async Task CommitAsync(SupervisionCase next)
    {
        state.State.Case = next;
        state.State.Version++;
        state.State.IndexOwed = true;
        state.State.InboxesOwed = true;
        await state.WriteOrReloadAsync(this);
        await _outbox.DeliverAsync();
    }

    /// <summary>What the case owes, each part cleared as it is delivered (see <see cref="Outbox"/>).</summary>
    private async Task DeliverAsync()
    {
        var current = state.State.Case!;
        await Urgings.DeliverAsync(GrainFactory, state.State.UrgingsOwed, current.Id, current.Title, current.DueAt, "case");
        if (state.State.InboxesOwed)
        {
            foreach (var unit in current.CoUnits.Prepend(current.LeadUnit))
            {
                if (current.Status == CaseStatus.Closed)
                    await Inbox(unit).Remove(InboxTypes.Case, current.Id);
                else
                    await Inbox(unit).Put(new InboxEntry(InboxTypes.Case, current.Id, current.Title, current.OpenedAt, current.DueAt, null,
                        unit == current.LeadUnit ? "lead" : "co"));
            }
            await SyncOfficeInboxAsync(current);
            state.State.InboxesOwed = false;
        }
        if (state.State.ResultReportOwed)
        {
            await ReportResultAsync(current);
            state.State.ResultReportOwed = false;
        }
        if (state.State.IndexOwed)
        {
            await GrainFactory.GetGrain<ICaseIndexGrain>(GrainKeys.CaseIndex(current.CountyCode)).Upsert(new CaseSummary(current.Id, current.Title,
                current.LeadUnit, current.CoUnits, current.OpenedAt, current.DueAt, current.Status, state.State.Version, current.ClosedAt,
                current.Number, current.Source, CaseSummary.LeaderOf(current), current.InstructingLeader, current.History.FirstOrDefault()?.Actor,
                current.SourceRef, current.Status == CaseStatus.Closed ? current.Result?.Text : null));
            state.State.IndexOwed = false;
        }
    }

    private IUnitInboxGrain Inbox(string unit) => GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(unit));

    /// <summary>The supervision office's own backlog: results awaiting closure and extension requests awaiting a decision.</summary>
    private async Task SyncOfficeInboxAsync(SupervisionCase current)
    {
        var office = GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.OfficeInbox(current.CountyCode, Role.Supervisor));
        if (current is { Status: CaseStatus.ResultSubmitted, Result: { } result })
            await office.Put(new InboxEntry(InboxTypes.ResultAwaitingClosure, current.Id, current.Title, result.SubmittedAt, current.DueAt, null, current.LeadUnit));
        else
            await office.Remove(InboxTypes.ResultAwaitingClosure, current.Id);
        if (current.Status != CaseStatus.Closed && current.Extensions.LastOrDefault() is { Approved: null } pending)
            await office.Put(new InboxEntry(InboxTypes.ExtensionRequest, current.Id, current.Title, pending.RequestedAt, pending.RequestedDueAt, null, pending.Reason));
        else
            await office.Remove(InboxTypes.ExtensionRequest, current.Id);
    }

    /// <summary>果必报: the result goes onto the instruction it answers, and before the county's leaders when a leader gave or assigned the case.</summary>
    private async Task ReportResultAsync(SupervisionCase current)
    {
        if (current.Status != CaseStatus.Closed)
            return;
        if (current is { InstructionId: { } instructionId, SourceRef: { } itemId })
            await GrainFactory.GetGrain<IItemGrain>(GrainKeys.Item(itemId)).RecordCaseResult(instructionId, current.Id, current.Status, current.Result?.Text);
        if (current.ReportedTo is { } leader && leader != SupervisionOfficeLeadership)
            await GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.OfficeInbox(current.CountyCode, Role.Leader)).Put(new InboxEntry(
                InboxTypes.CaseResult, current.Id, current.Title, current.ClosedAt!.Value, current.DueAt, null,
                $"{leader}：{current.Result?.Text}"));
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(DeadlineReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }
}
