using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OfficeMesh.Contracts;
using OfficeMesh.Grains.Supervision;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.OwedCase")]
public sealed record OwedCase([property: Id(0)] string CaseId, [property: Id(1)] string CountyCode, [property: Id(2)] CaseDraft Draft);

[GenerateSerializer, Alias("OfficeMesh.ItemState")]
public sealed class ItemState
{
    [Id(0)] public Item? Item { get; set; }
    [Id(1)] public string? SubmittedBy { get; set; }
    // A fingerprint of the draft first submitted, so a retry of that submission is recognised; the draft
    // itself would store the body twice. (Id 2 held the whole draft in earlier versions.)
    [Id(7)] public string? DraftFingerprint { get; set; }

    // The outbox: what this item still owes other grains, stored in the same write as the change that
    // created the debt, and cleared only once delivered. Receivers are idempotent.
    [Id(3)] public bool SummaryOwed { get; set; }
    [Id(4)] public bool EmergencyOwed { get; set; }
    [Id(5)] public List<OwedCase> CasesOwed { get; set; } = [];
    [Id(6)] public bool InboxOwed { get; set; }

    public bool OwesAnything => SummaryOwed || EmergencyOwed || CasesOwed.Count > 0 || InboxOwed;
}

/// <summary>
/// One information item through its whole life: submission (or emergency receipt), review, revision,
/// periodical, forwarding, adoption, instructions and follow-ups. Each change is announced to the
/// item's watchdog (its county index partition, or for an emergency the emergency channel), stored
/// with its outbox, then delivered.
/// </summary>
public sealed class ItemGrain(
    [FromKeyedServices(ProviderNames.GrainStorage)] IGrainStorage storage,
    TimeProvider clock,
    ILogger<ItemGrain> logger) : Grain, IItemGrain, IIncomingGrainCallFilter
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);
    private LazyState<ItemState> _state = null!;
    private IGrainTimer? _retry;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new LazyState<ItemState>(storage, this.GetGrainId(), "item");
        return Task.CompletedTask;
    }

    /// <summary>Every call but a submission reads the state first; a submission decides for itself.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != nameof(IItemGrain.Submit))
            await LoadAsync();
        await context.Invoke();
    }

    /// <summary>Reads the state once per activation, and delivers whatever an earlier activation still owed.</summary>
    private async Task LoadAsync()
    {
        if (await _state.EnsureLoadedAsync() && _state.State.Item is not null && _state.State.OwesAnything && await DeliverAsync())
            await _state.WriteStateAsync();
    }

    public async Task<Item> Submit(Caller caller, ItemDraft draft, bool newId)
    {
        // A server-generated id was never used, so there is nothing to read (a wrong guess cannot overwrite: see LazyState).
        if (newId && !_state.IsLoaded)
            _state.AssumeNew();
        else
            await LoadAsync();
        if (!caller.Has(Role.UnitOfficer) || caller.UnitKind is not (UnitKind.Township or UnitKind.Department)
            || caller.UnitCode is null || caller.CountyCode is null)
            throw DomainException.Forbidden(zh: "只有乡镇、部门的信息员可以报送信息", en: "Only a township's or department's information officer submits items.");
        if (_state.State.Item is { } existing)
        {
            if (_state.State.SubmittedBy == caller.Username && _state.State.DraftFingerprint == ItemRules.Fingerprint(draft))
                return existing;
            throw DomainException.Conflict(zh: $"编号为“{Id}”的信息已存在", en: $"An item with id '{Id}' already exists.");
        }

        var now = clock.GetUtcNow();
        ItemRules.ValidateDraft(draft, now);
        var emergency = draft.Kind == ItemKind.Emergency ? ItemRules.Receipt(draft.OccurredAt!.Value, now, draft.PhoneReportedAt) : null;
        var detail = emergency is { OnTime: false } late
            ? $"late: received {(late.ReceivedAt - late.OccurredAt).TotalMinutes:F0} minutes after it occurred (limit {ItemRules.EmergencyDeadline.TotalMinutes:F0})"
            : null;
        var item = new Item(Id, caller.UnitCode, caller.CountyCode, draft.Title.Trim(), draft.Body, draft.Topic, draft.Kind,
            draft.Classification, draft.OccurredAt, now, ItemStatus.Submitted, emergency, [], null, [], [], [], [],
            [new HistoryEntry(now, caller.Username, "submitted", detail)], 0);

        _state.State.SubmittedBy = caller.Username;
        _state.State.DraftFingerprint = ItemRules.Fingerprint(draft);
        var stored = await CommitAsync(item);
        OfficeMeshMetrics.ItemsSubmitted.Add(1, OfficeMeshMetrics.Tag("kind", Wire.Name(draft.Kind)));
        if (emergency is not null)
            OfficeMeshMetrics.EmergencyReceiptDelay.Record((emergency.ReceivedAt - emergency.OccurredAt).TotalSeconds);
        return stored;
    }

    public async Task<Item> Get(Caller caller)
    {
        var item = Visible(caller);
        if (item.Classification != Classification.Secret)
            return item;

        // Who read a classified item is always known (保密).
        _state.State.Item = item with { History = [.. item.History, new HistoryEntry(clock.GetUtcNow(), caller.Username, "read", null)] };
        await _state.WriteOrReloadAsync(this);
        return _state.State.Item;
    }

    public async Task<Item> Revise(Caller caller, ItemDraft draft)
    {
        var item = Visible(caller);
        if (caller.UnitCode != item.UnitCode || !caller.Has(Role.UnitOfficer))
            throw DomainException.Forbidden(zh: "只有报送单位的信息员可以修改信息", en: "Only the submitting unit's officer revises an item.");
        ItemRules.RequireStatus(item, zh: "修改", en: "revise", ItemStatus.Returned);
        var now = clock.GetUtcNow();
        ItemRules.ValidateDraft(draft, now);
        if ((draft.Kind == ItemKind.Emergency) != (item.Kind == ItemKind.Emergency))
            throw DomainException.Invalid("kind", zh: "修改时不能把信息改为紧急信息或从紧急信息改回，请另行报送",
                en: "A revision cannot turn an item into an emergency or back; submit a new item instead.");

        var emergency = item.Emergency is { } receipt
            ? ItemRules.Receipt(draft.OccurredAt!.Value, receipt.ReceivedAt, draft.PhoneReportedAt)
            : null;
        return await CommitAsync(item with
        {
            Title = draft.Title.Trim(),
            Body = draft.Body,
            Topic = draft.Topic,
            Kind = draft.Kind,
            Classification = draft.Classification,
            OccurredAt = draft.OccurredAt,
            Emergency = emergency,
            Status = ItemStatus.Submitted,
            History = [.. item.History, new HistoryEntry(now, caller.Username, "revised", null)],
        });
    }

    public async Task<Item> Review(Caller caller, ReviewDecision decision, string comment)
    {
        var item = Visible(caller);
        if (!caller.IsCounty(Role.InfoEditor, item.CountyCode))
            throw DomainException.Forbidden(zh: "只有县信息科可以审核信息", en: "Only the county information section reviews items.");
        ItemRules.RequireText(comment, "comment", 2_000);
        ItemRules.RequireStatus(item, zh: "审核", en: "review", ItemStatus.Submitted);

        var now = clock.GetUtcNow();
        var status = decision switch
        {
            ReviewDecision.Accept => ItemStatus.Accepted,
            ReviewDecision.Return => ItemStatus.Returned,
            _ => ItemStatus.Rejected,
        };
        var reviewed = await CommitAsync(item with
        {
            Status = status,
            Reviews = [.. item.Reviews, new Review(decision, comment, caller.Username, now)],
            History = [.. item.History, new HistoryEntry(now, caller.Username, Wire.Name(status), comment)],
        });
        OfficeMeshMetrics.Reviews.Add(1, OfficeMeshMetrics.Tag("decision", Wire.Name(decision)));
        OfficeMeshMetrics.ReviewWaitingTime.Record((now - item.History.Last(entry => entry.Action is "submitted" or "revised").At).TotalSeconds);
        return reviewed;
    }

    public async Task<Item> Forward(Caller caller, UpperLevel level)
    {
        var item = Visible(caller);
        if (!caller.IsCounty(Role.InfoEditor, item.CountyCode))
            throw DomainException.Forbidden(zh: "只有县信息科可以向上级报送信息", en: "Only the county information section forwards items upward.");
        ItemRules.RequireStatus(item, zh: "上报", en: "forward", ItemStatus.Accepted, ItemStatus.Published);
        if (item.Classification == Classification.Secret)
            throw DomainException.Conflict(zh: "涉密信息不能上报", en: "A secret item cannot be forwarded.");
        if (item.Forwards.Any(forward => forward.Level == level))
            throw DomainException.Conflict(zh: $"该信息已报送{ChineseNames.Of(level)}机关", en: $"The item was already forwarded to the {Wire.Name(level)} office.");

        var target = await UpperOfficeAsync(item.CountyCode, level)
            ?? throw DomainException.Conflict(zh: $"本县没有可报送的{ChineseNames.Of(level)}机关", en: $"The county has no {Wire.Name(level)} office to forward to.");
        var now = clock.GetUtcNow();
        return await CommitAsync(item with
        {
            Forwards = [.. item.Forwards, new Forward(level, now, target)],
            History = [.. item.History, new HistoryEntry(now, caller.Username, "forwarded", $"{Wire.Name(level)}: {target}")],
        });
    }

    public async Task<Item> Adopt(Caller caller, AdoptionLevel level, string publication)
    {
        var item = Visible(caller);
        ItemRules.RequireText(publication, "publication", 200);
        var recordingEditor = caller.IsCounty(Role.InfoEditor, item.CountyCode);
        var liaisonOfLevel = caller.Has(Role.UpperLiaison) && ItemAccess.IsUpperReader(caller)
            && level != AdoptionLevel.National && caller.UnitLevel == ItemRules.ForwardLevelFor(level);
        if (!recordingEditor && !liaisonOfLevel)
            throw DomainException.Forbidden(zh: "采用情况由相应级别的上级机关或县信息科登记",
                en: "Adoptions are recorded by the upper office of that level or by the county information section.");
        var forwardLevel = ItemRules.ForwardLevelFor(level);
        if (!item.Forwards.Any(forward => forward.Level == forwardLevel && (recordingEditor || forward.ToUnit == caller.UnitCode)))
            throw DomainException.Conflict(zh: $"该信息未报送{ChineseNames.Of(forwardLevel)}机关", en: $"The item was not forwarded to the {Wire.Name(forwardLevel)} office.");
        if (item.Adoptions.Any(adoption => adoption.Level == level && adoption.Publication == publication))
            throw DomainException.Conflict(zh: "该采用情况已登记", en: "This adoption is already recorded.");

        var now = clock.GetUtcNow();
        return await CommitAsync(item with
        {
            Adoptions = [.. item.Adoptions, new Adoption(level, publication, now, caller.Username)],
            History = [.. item.History, new HistoryEntry(now, caller.Username, "adopted", $"{Wire.Name(level)}: {publication}")],
        });
    }

    public async Task<Item> Instruct(Caller caller, InstructionRequest request)
    {
        var item = Visible(caller);
        ItemRules.RequireText(request.Leader, "leader", 100);
        ItemRules.RequireText(request.Text, "text", 5_000);
        var mayInstruct = caller.IsCounty(Role.InfoEditor, item.CountyCode)
            || (caller.IsCounty(Role.Leader, item.CountyCode) && request.Level == InstructionLevel.County)
            || (ItemAccess.IsUpperReader(caller) && request.Level != InstructionLevel.County
                && ItemRules.InstructionLevelFor(caller.UnitLevel!.Value) == request.Level);
        if (!mayInstruct)
            throw DomainException.Forbidden(zh: $"本账号不能登记{ChineseNames.Of(request.Level)}领导批示", en: $"This account cannot record a {Wire.Name(request.Level)}-level instruction.");
        ItemRules.RequireStatus(item, zh: "批示", en: "instruct on", ItemStatus.Accepted, ItemStatus.Published);

        var now = clock.GetUtcNow();
        OwedCase? owedCase = null;
        if (request.OpenCase is { } opening)
        {
            await CaseRules.ValidateOpeningAsync(GrainFactory, item.CountyCode, opening, now, "openCase.");
            var caseId = Guid.CreateVersion7().ToString("N");
            owedCase = new OwedCase(caseId, item.CountyCode, new CaseDraft(
                Title: item.Title, Description: request.Text, Source: CaseSource.Instruction, SourceRef: item.Id,
                LeadUnit: opening.LeadUnit, CoUnits: opening.CoUnits, DueAt: opening.DueAt,
                OpenedBy: caller.Username, InstructingLeader: request.Leader));
        }

        var instruction = new Instruction(Guid.CreateVersion7().ToString("N"), request.Leader.Trim(), request.Level, request.Text,
            now, owedCase?.CaseId);
        return await CommitAsync(item with
        {
            Instructions = [.. item.Instructions, instruction],
            History = [.. item.History, new HistoryEntry(now, caller.Username, "instructed",
                owedCase is null ? request.Leader : $"{request.Leader}; case {owedCase.CaseId} opened")],
        }, owedCase);
    }

    public async Task<Item> AddFollowUp(Caller caller, string body, bool final)
    {
        var item = Visible(caller);
        if (caller.UnitCode != item.UnitCode || !caller.Has(Role.UnitOfficer))
            throw DomainException.Forbidden(zh: "只有报送单位可以续报", en: "Only the submitting unit reports follow-ups.");
        if (item.Kind != ItemKind.Emergency)
            throw DomainException.Conflict(zh: "只有紧急信息可以续报", en: "Follow-up reports (续报) are for emergency items.");
        if (item.FollowUps.Any(followUp => followUp.Final))
            throw DomainException.Conflict(zh: "该信息已终报，不能再续报", en: "The final report was already given.");
        ItemRules.RequireText(body, "body", ItemRules.MaxBodyLength);

        var now = clock.GetUtcNow();
        var number = item.FollowUps.Count + 1;
        return await CommitAsync(item with
        {
            FollowUps = [.. item.FollowUps, new FollowUp(number, body, final, now)],
            History = [.. item.History, new HistoryEntry(now, caller.Username, final ? "final-report" : "follow-up", $"续报{number}")],
        });
    }

    public Task<ItemSummary> CheckPublishable(string countyCode)
    {
        if (_state.State.Item is not { } item || item.CountyCode != countyCode)
            throw DomainException.NotFound(zh: $"信息“{Id}”不存在", en: $"There is no item '{Id}'.");
        if (item.Classification == Classification.Secret)
            throw DomainException.Conflict(zh: $"信息“{Id}”涉密，不能编入刊物", en: $"Item '{Id}' is secret and cannot appear in the periodical.");
        ItemRules.RequireStatus(item, zh: "编发", en: "publish", ItemStatus.Accepted);
        return Task.FromResult(ItemSummaries.Of(item));
    }

    public Task<Item?> GetForPeriodical(string countyCode) =>
        Task.FromResult(_state.State.Item is { } item && item.CountyCode == countyCode && item.Classification != Classification.Secret ? item : null);

    public async Task MarkPublished(PeriodicalPlacement placement, string editor)
    {
        if (_state.State.Item is not { } item || item.Periodical == placement)
            return;
        if (item.Status != ItemStatus.Accepted)
        {
            logger.LogWarning("Item {ItemId} is {Status}; not marking it published in {Year}/{Number}", Id, item.Status, placement.Year, placement.Number);
            return;
        }
        var now = clock.GetUtcNow();
        await CommitAsync(item with
        {
            Status = ItemStatus.Published,
            Periodical = placement,
            History = [.. item.History, new HistoryEntry(now, editor, "published", $"{placement.Year}年第{placement.Number}期 {placement.Column}")],
        });
    }

    public async Task<ItemSummary?> Recover()
    {
        if (_state.State.Item is not { } item)
            return null;
        if (_state.State.OwesAnything && await DeliverAsync())
            await _state.WriteOrReloadAsync(this);
        return ItemSummaries.Of(item);
    }

    private Item Visible(Caller caller)
    {
        ItemAccess.EnsureVisible(caller, _state.State.Item, Id);
        return _state.State.Item!;
    }

    /// <summary>Announce, store with the outbox, deliver: the order that lets a crash anywhere be repaired.</summary>
    private async Task<Item> CommitAsync(Item next, OwedCase? owedCase = null)
    {
        next = next with { Version = (_state.State.Item?.Version ?? 0) + 1 };
        if (next.Kind == ItemKind.Emergency)
            await GrainFactory.GetGrain<IEmergencyChannelGrain>(GrainKeys.EmergencyChannel(next.CountyCode)).Expect(Id, next.Version);
        else
            await GrainFactory.GetGrain<IItemIndexGrain>(GrainKeys.CountyItems(next.CountyCode, next.SubmittedAt)).Expect(Id, next.Version);

        // A returned item waits in its unit's inbox until revised.
        _state.State.InboxOwed |= next.Status == ItemStatus.Returned || _state.State.Item?.Status == ItemStatus.Returned;
        _state.State.Item = next;
        _state.State.SummaryOwed = true;
        _state.State.EmergencyOwed = next.Kind == ItemKind.Emergency;
        if (owedCase is not null)
            _state.State.CasesOwed.Add(owedCase);
        await _state.WriteOrReloadAsync(this);
        await DeliverAsync();
        return next;
    }

    /// <summary>True when nothing is owed any more. Failures are retried on a timer; the watchdog covers a crash.</summary>
    private async Task<bool> DeliverAsync()
    {
        var item = _state.State.Item!;
        try
        {
            // The duty room first: an emergency must not wait for indexes.
            if (_state.State.EmergencyOwed)
            {
                await GrainFactory.GetGrain<IEmergencyChannelGrain>(GrainKeys.EmergencyChannel(item.CountyCode)).Receive(item);
                _state.State.EmergencyOwed = false;
            }
            foreach (var owed in _state.State.CasesOwed.ToList())
            {
                await GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Case(owed.CaseId)).Open(owed.CountyCode, owed.Draft);
                _state.State.CasesOwed.Remove(owed);
            }
            if (_state.State.InboxOwed)
            {
                var inbox = GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(item.UnitCode));
                if (item.Status == ItemStatus.Returned)
                    await inbox.Put(new InboxEntry(InboxTypes.ReturnedItem, item.Id, item.Title, item.Reviews[^1].At, null, null, item.Reviews[^1].Comment));
                else
                    await inbox.Remove(InboxTypes.ReturnedItem, item.Id);
                _state.State.InboxOwed = false;
            }
            if (_state.State.SummaryOwed)
            {
                var summary = ItemSummaries.Of(item);
                var indexes = item.Forwards.Select(forward => GrainKeys.UpperItems(forward.ToUnit, item.SubmittedAt))
                    .Prepend(GrainKeys.CountyItems(item.CountyCode, item.SubmittedAt));
                await Task.WhenAll(indexes.Select(key => GrainFactory.GetGrain<IItemIndexGrain>(key).Upsert(summary)));
                _state.State.SummaryOwed = false;
            }
            _retry?.Dispose();
            _retry = null;
            return true;
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Item {ItemId} could not deliver its outbox yet; retrying", Id);
            _retry ??= this.RegisterGrainTimer(async _ => await DeliverAsync(), new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
            return false;
        }
    }

    private async Task<string?> UpperOfficeAsync(string countyCode, UpperLevel level)
    {
        var county = await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(countyCode)).Get();
        if (county?.ParentCode is not { } cityCode)
            return null;
        if (level == UpperLevel.City)
            return cityCode;
        var city = await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(cityCode)).Get();
        return city?.ParentCode;
    }
}
