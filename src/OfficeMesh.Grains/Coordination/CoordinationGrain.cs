using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;
using OfficeMesh.Grains.Information;
using OfficeMesh.Grains.Supervision;

namespace OfficeMesh.Grains.Coordination;

[GenerateSerializer, Alias("OfficeMesh.CoordinationState")]
public sealed class CoordinationState
{
    [Id(0)] public Contracts.Coordination? Coordination { get; set; }
    [Id(1)] public int LastUrgedSlot { get; set; } = -1;
    [Id(2)] public bool InboxesOwed { get; set; }
    [Id(3)] public List<Urging> UrgingsOwed { get; set; } = [];
}

/// <summary>
/// 协调 / 会商: a task sent to several units, each answering once. It waits in each unit's inbox until
/// answered; unanswered units are urged at the deadline and daily after it, like a case.
/// </summary>
public sealed class CoordinationGrain(
    [PersistentState("coordination", ProviderNames.GrainStorage)] IPersistentState<CoordinationState> state,
    TimeProvider clock,
    IOptions<SupervisionOptions> options,
    ILogger<CoordinationGrain> logger) : Grain, ICoordinationGrain, IRemindable
{
    private const string DeadlineReminder = "deadline";
    private const int MaxUnits = 200;

    private string Id => this.GetPrimaryKeyString();

    private Outbox _outbox = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox = new Outbox(this, () => state.State.InboxesOwed || state.State.UrgingsOwed.Count > 0, DeliverAsync, logger);
        if (state.State.Coordination is not null)
            await CheckDeadline();
    }

    public async Task<Contracts.Coordination> Create(Caller caller, CoordinationDraft draft)
    {
        var mayCreate = caller.UnitKind == UnitKind.CountyOffice
            && (caller.Has(Role.InfoEditor) || caller.Has(Role.Supervisor) || caller.Has(Role.UnitOfficer));
        if (!mayCreate || caller.UnitCode is null)
            throw DomainException.Forbidden(zh: "只有县两办的信息科、督查室或工作人员可以发起协调",
                en: "Coordinations are started by a county office's information section, supervision office or officers.");
        if (state.State.Coordination is not null)
            throw DomainException.Conflict(zh: $"编号为“{Id}”的协调事项已存在", en: $"A coordination with id '{Id}' already exists.");
        ItemRules.RequireText(draft.Title, "title", ItemRules.MaxTitleLength);
        ItemRules.RequireText(draft.Body, "body", ItemRules.MaxBodyLength);
        var now = clock.GetUtcNow();
        if (draft.DueAt <= now)
            throw DomainException.Invalid("dueAt", zh: "办理期限须晚于当前时间", en: "The deadline must be in the future.");
        var units = draft.Units.Distinct().ToList();
        if (units.Count is 0 or > MaxUnits)
            throw DomainException.Invalid("units", zh: $"协调事项须发给1至{MaxUnits}个单位", en: $"A coordination goes to 1 to {MaxUnits} units.");
        foreach (var unit in units)
        {
            if (unit == caller.UnitCode || !UnitCodes.IsValid(unit) || await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(unit)).Get() is not { } registered)
                throw DomainException.Invalid("units", zh: $"“{unit}”不是本单位以外的已登记单位", en: $"'{unit}' is not another registered unit.");
            // Coordination stays within the county: other counties are reached through their own offices.
            if (registered.CountyCode != caller.CountyCode)
                throw DomainException.Invalid("units", zh: $"“{unit}”不是本县的单位", en: $"'{unit}' is not a unit of this county.");
        }

        await this.RegisterOrUpdateReminder(DeadlineReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        await CommitAsync(new Contracts.Coordination(Id, caller.UnitCode, draft.Title.Trim(), draft.Body, draft.Kind, units, draft.DueAt, now,
            caller.Username, [], []));
        return state.State.Coordination!;
    }

    public Task<Contracts.Coordination> View(Caller caller) => Task.FromResult(Visible(caller));

    public async Task<Contracts.Coordination> Respond(Caller caller, string text, Position position)
    {
        var current = Visible(caller);
        if (!current.Units.Contains(caller.UnitCode!))
            throw DomainException.Forbidden(zh: "只有被征求意见的单位可以答复", en: "Only the units asked answer a coordination.");
        if (current.Responses.Any(response => response.Unit == caller.UnitCode))
            throw DomainException.Conflict(zh: "本单位已经答复过", en: "This unit has already answered.");
        ItemRules.RequireText(text, "text", 5_000);
        await CommitAsync(current with
        {
            Responses = [.. current.Responses, new CoordinationResponse(caller.UnitCode!, text, position, clock.GetUtcNow(), caller.Username)],
        });
        if (state.State.Coordination!.Responses.Count == current.Units.Count && await this.GetReminder(DeadlineReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        return state.State.Coordination!;
    }

    public async Task CheckDeadline()
    {
        if (state.State.Coordination is not { } current)
        {
            if (await this.GetReminder(DeadlineReminder) is { } orphan)
                await this.UnregisterReminder(orphan);
            return;
        }
        var now = clock.GetUtcNow();
        var pending = Pending(current).ToList();
        var slot = pending.Count > 0
            ? Deadlines.SlotToSend(current.CreatedAt, current.DueAt, now, state.State.LastUrgedSlot, firstSlotIsDeadline: true)
            : null;
        if (slot is { } due)
        {
            var urgings = pending.Select(unit => new Urging(now, UrgingKind.Overdue, unit, due)).ToList();
            state.State.LastUrgedSlot = due;
            state.State.UrgingsOwed.AddRange(urgings);
            await CommitAsync(current with { Urgings = [.. current.Urgings, .. urgings] });
            OfficeMeshMetrics.UrgingsSent.Add(urgings.Count, OfficeMeshMetrics.Tag("kind", Wire.Name(UrgingKind.Overdue)));
        }
        else if (_outbox.Owes && await _outbox.DeliverAsync())
        {
            await state.WriteStateAsync();
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDeadline();

    private static IEnumerable<string> Pending(Contracts.Coordination coordination) =>
        coordination.Units.Where(unit => coordination.Responses.All(response => response.Unit != unit));

    private Contracts.Coordination Visible(Caller caller)
    {
        if (state.State.Coordination is not { } current || caller.UnitCode is null
            || (caller.UnitCode != current.CreatorUnit && !current.Units.Contains(caller.UnitCode)))
            throw DomainException.NotFound(zh: $"协调事项“{Id}”不存在", en: $"There is no coordination '{Id}'.");
        return current;
    }

    private async Task CommitAsync(Contracts.Coordination next)
    {
        state.State.Coordination = next;
        state.State.InboxesOwed = true;
        await state.WriteOrReloadAsync(this);
        await _outbox.DeliverAsync();
    }

    /// <summary>What the coordination owes, each part cleared as it is delivered (see <see cref="Outbox"/>).</summary>
    private async Task DeliverAsync()
    {
        var current = state.State.Coordination!;
        await Urgings.DeliverAsync(GrainFactory, state.State.UrgingsOwed, current.Id, current.Title, current.DueAt, "coordination");
        if (state.State.InboxesOwed)
        {
            var answered = current.Responses.Select(response => response.Unit).ToHashSet();
            foreach (var unit in current.Units)
            {
                if (answered.Contains(unit))
                    await Inbox(unit).Remove(InboxTypes.Coordination, current.Id);
                else
                    await Inbox(unit).Put(new InboxEntry(InboxTypes.Coordination, current.Id, current.Title, current.CreatedAt, current.DueAt, null,
                        Wire.Name(current.Kind)));
            }
            // The creator's and every listed unit's list of coordinations, with each unit's state.
            var summary = CoordinationSummary.Of(current);
            foreach (var unit in current.Units.Prepend(current.CreatorUnit))
                await GrainFactory.GetGrain<IUnitCoordinationsGrain>(GrainKeys.UnitCoordinations(unit)).Put(summary);
            state.State.InboxesOwed = false;
        }
    }

    private IUnitInboxGrain Inbox(string unit) => GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(unit));
}
