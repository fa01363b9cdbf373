using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;
using OfficeMesh.Grains.Supervision;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.OwedCase")]
public sealed record OwedCase([property: Id(0)] string CaseId, [property: Id(1)] string CountyCode, [property: Id(2)] CaseDraft Draft);

[GenerateSerializer, Alias("OfficeMesh.ItemState")]
public sealed class ItemState : IOutboxState, IAuditedState
{
    [Id(0)] public Item? Item { get; set; }
    [Id(1)] public string? SubmittedBy { get; set; }
    // A fingerprint of the draft first submitted, so a retry of that submission is recognised; the draft
    // itself would store the body twice. (Id 2 held the whole draft in earlier versions.)
    [Id(7)] public string? DraftFingerprint { get; set; }

    // The outbox: what this item still owes other grains, stored in the same write as the change that
    // created the debt, and cleared once delivered (see Outbox). Receivers are idempotent. Its summary is owed to
    // its Receivers after every write; storage keeps that part of the outbox (IOutboxState). Ids 3 and 4 held flags for it.
    [Id(5)] public List<OwedCase> CasesOwed { get; set; } = [];
    [Id(6)] public bool InboxOwed { get; set; }
    /// <summary>The supervision office's inbox still to be told which instructions await its disposition.</summary>
    [Id(8)] public bool OfficeInboxOwed { get; set; }
    /// <summary>A composite's sources still to be marked merged into it.</summary>
    [Id(9)] public List<string> MergesOwed { get; set; } = [];
    /// <summary>A published composite's sources still to be credited as published.</summary>
    [Id(10)] public bool SourceCreditOwed { get; set; }

    /// <summary>
    /// Indexed under China-time month partitions (every item since the second release). An item stored
    /// earlier keeps the UTC-month partitions it was indexed under.
    /// </summary>
    [Id(11)] public bool ChinaMonths { get; set; }

    /// <summary>A submission's audit entry, stored by the write that creates the item (not part of the state).</summary>
    [field: NonSerialized] public AuditEntry? AuditOnWrite { get; set; }

    public bool OwesAnything => CasesOwed.Count > 0 || InboxOwed || OfficeInboxOwed || MergesOwed.Count > 0 || SourceCreditOwed;

    /// <summary>The partitions that list the item (its county's, and each upper office's it was forwarded to) and, for an emergency, the county's emergency channel.</summary>
    public IEnumerable<string> Receivers => Item is not { } item ? [] : item.Forwards
        .Select(forward => GrainKeys.UpperItems(forward.ToUnit, item.SubmittedAt, !ChinaMonths))
        .Prepend(GrainKeys.CountyItems(item.CountyCode, item.SubmittedAt, !ChinaMonths))
        .Concat(item.Kind == ItemKind.Emergency ? [GrainKeys.EmergencyChannel(item.CountyCode)] : []);
}

/// <summary>
/// One information item through its whole life: submission (or emergency receipt), review, revision,
/// periodical, forwarding, adoption, instructions and follow-ups. Each change is stored in one write
/// with its outbox (what it owes whom), then delivered (see <see cref="Outbox"/> and <see cref="IOutboxState"/>).
/// </summary>
public sealed class ItemGrain(
    [PersistentState("item", ProviderNames.OutboxStorage)] IPersistentState<ItemState> state,
    TimeProvider clock,
    ILogger<ItemGrain> logger) : Grain, IItemGrain
{
    private Outbox _outbox = null!;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>Delivers whatever an earlier activation still owed.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox = new Outbox(this, () => state.State.OwesAnything, DeliverAsync, logger);
        if (state.State.Item is not null && _outbox.Owes && await _outbox.DeliverAsync())
            await state.WriteStateAsync();
    }

    public async Task<Item> Submit(Caller caller, ItemDraft draft) => (await SubmitAsync(caller, draft, audit: null)).Item;

    public Task<Submission> SubmitOnRecord(Caller caller, ItemDraft draft, AuditEntry audit) => SubmitAsync(caller, draft, audit);

    private async Task<Submission> SubmitAsync(Caller caller, ItemDraft draft, AuditEntry? audit)
    {
        if (!caller.Has(Role.UnitOfficer) || caller.UnitKind is not (UnitKind.Township or UnitKind.Department)
            || caller.UnitCode is null || caller.CountyCode is null)
            throw DomainException.Forbidden(zh: "只有乡镇、部门的信息员可以报送信息", en: "Only a township's or department's information officer submits items.");
        if (RepeatedCreation(caller, draft) is { } existing)
        {
            // A retry: the first attempt may have stored the item and died before delivering it.
            await DeliverSummaryAsync();
            return new Submission(existing, OnRecord: false);
        }

        var now = clock.GetUtcNow();
        ItemRules.ValidateDraft(draft, now);
        if (draft.Kind == ItemKind.Emergency && caller.UnitKind == UnitKind.Department)
            ItemRules.RequireEmergencyReporter(await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(caller.UnitCode)).Get());
        var emergency = draft.Kind == ItemKind.Emergency ? ItemRules.Receipt(draft.OccurredAt!.Value, now, draft.PhoneReportedAt) : null;
        var item = new Item(Id, caller.UnitCode, caller.CountyCode, draft.Title.Trim(), draft.Body, draft.Topic, draft.Kind,
            draft.Classification, draft.OccurredAt, now, ItemStatus.Submitted, emergency, [], null, [], [], [], [],
            [new HistoryEntry(now, caller.Username, "submitted", ItemRules.LateDetail(emergency))], 0, SubmittedBy: caller.Username);

        state.State.SubmittedBy = caller.Username;
        state.State.DraftFingerprint = ItemRules.Fingerprint(draft);
        // The entry rides on the item's write: storage sets it back to null once it has stored both. (A failed write
        // drops this activation, entry and all.)
        state.State.AuditOnWrite = audit;
        var stored = await CommitAsync(item);
        var onRecord = audit is not null && state.State.AuditOnWrite is null;
        state.State.AuditOnWrite = null;
        OfficeMeshMetrics.ItemsSubmitted.Add(1, OfficeMeshMetrics.Tag("kind", Wire.Name(draft.Kind)));
        if (emergency is not null)
            OfficeMeshMetrics.EmergencyReceiptDelay.Record((emergency.ReceivedAt - emergency.OccurredAt).TotalSeconds);
        return new Submission(stored, onRecord);
    }

    public async Task<Item> Get(Caller caller)
    {
        var item = Visible(caller);
        // Who read a classified item is always known (保密), kept apart from the item so it does not grow with its readers.
        if (item.Classification == Classification.Secret)
            await GrainFactory.GetGrain<ISecretReadLogGrain>(GrainKeys.SecretReads(Id)).Record(caller.Username, SecretReadPath.Item);
        return item;
    }

    public async Task<IReadOnlyList<SecretRead>> SecretReads(Caller caller, int skip, int limit)
    {
        var item = Visible(caller);
        if (!caller.IsCounty(Role.InfoEditor, item.CountyCode) && !caller.IsCounty(Role.Leader, item.CountyCode))
            throw DomainException.Forbidden(zh: "阅读记录仅供县信息科和领导查看", en: "Reads of an item are shown to the county information section and leaders.");
        return await GrainFactory.GetGrain<ISecretReadLogGrain>(GrainKeys.SecretReads(Id)).Reads(skip, limit);
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

        // The receipt is a fact of its first arrival: only the duty room or the section corrects it (CorrectOccurrence).
        if (item.Emergency is not null && draft.OccurredAt != item.OccurredAt)
            throw DomainException.Invalid("occurredAt", zh: "紧急信息的发生时间以首次接报为准，修改时不能更改；如需更正，请联系值班室或信息科",
                en: "An emergency's occurrence time stands as first received; a revision cannot change it. The duty room or the section corrects it.");
        return await CommitAsync(item with
        {
            Title = draft.Title.Trim(),
            Body = draft.Body,
            Topic = draft.Topic,
            Kind = draft.Kind,
            Classification = draft.Classification,
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
        OfficeMeshMetrics.ReviewWaitingTime.Record((now - ItemRules.WaitingSince(item)).TotalSeconds);
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
        // 批必查: a leader instructs as soon as an item arrives, before review too (an emergency cannot wait for it).
        ItemRules.RequireStatus(item, zh: "批示", en: "instruct on", ItemStatus.Submitted, ItemStatus.Accepted, ItemStatus.Published);

        var now = clock.GetUtcNow();
        var instructionId = Guid.CreateVersion7().ToString("N");
        OwedCase? owedCase = null;
        if (request.OpenCase is { } opening)
        {
            await CaseRules.ValidateOpeningAsync(GrainFactory, item.CountyCode, opening, now, "openCase.");
            owedCase = CaseFor(item, instructionId, request.Leader.Trim(), request.Text, opening, caller.Username);
        }

        var instruction = new Instruction(instructionId, request.Leader.Trim(), request.Level, request.Text,
            now, owedCase?.CaseId, CaseStatus: owedCase is null ? null : CaseStatus.Open);
        return await CommitAsync(item with
        {
            Instructions = [.. item.Instructions, instruction],
            History = [.. item.History, new HistoryEntry(now, caller.Username, "instructed",
                owedCase is null ? request.Leader : $"{request.Leader}; case {owedCase.CaseId} opened")],
        }, owedCase);
    }

    public async Task<Item> DisposeInstruction(Caller caller, string instructionId, InstructionDecision decision, string? reason, CaseOpening? opening)
    {
        var item = Visible(caller);
        if (!caller.IsCounty(Role.Supervisor, item.CountyCode))
            throw DomainException.Forbidden(zh: "领导批示由督查室处理", en: "The supervision office disposes of instructions.");
        var instruction = item.Instructions.FirstOrDefault(candidate => candidate.Id == instructionId)
            ?? throw DomainException.NotFound(zh: $"批示“{instructionId}”不存在", en: $"There is no instruction '{instructionId}'.");
        if (!instruction.AwaitsDisposition)
            throw DomainException.Conflict(zh: "该批示已立项督办或已说明不立项的理由", en: "The instruction already has a case or a recorded reason.");
        if (reason is { Length: > 2_000 })
            throw DomainException.Invalid("reason", zh: "理由不能超过2000个字", en: "The field 'reason' must be at most 2000 characters.");

        var now = clock.GetUtcNow();
        OwedCase? owedCase = null;
        Instruction disposed;
        if (decision == InstructionDecision.OpenCase)
        {
            if (opening is null)
                throw DomainException.Invalid("openCase", zh: "立项督办须填写牵头单位和办理期限", en: "Opening a case needs openCase: a lead unit and a deadline.");
            await CaseRules.ValidateOpeningAsync(GrainFactory, item.CountyCode, opening, now, "openCase.");
            owedCase = CaseFor(item, instruction.Id, instruction.Leader, instruction.Text, opening, caller.Username);
            disposed = instruction with { CaseId = owedCase.CaseId, Disposition = decision, DispositionReason = reason, CaseStatus = CaseStatus.Open };
        }
        else
        {
            ItemRules.RequireText(reason, "reason", 2_000);
            disposed = instruction with { Disposition = decision, DispositionReason = reason };
        }
        return await CommitAsync(item with
        {
            Instructions = [.. item.Instructions.Select(candidate => candidate.Id == instruction.Id ? disposed : candidate)],
            History = [.. item.History, new HistoryEntry(now, caller.Username, "instruction-disposed",
                owedCase is null ? $"{instruction.Leader}：不立项，{reason}" : $"{instruction.Leader}; case {owedCase.CaseId} opened")],
        }, owedCase);
    }

    public async Task RecordCaseResult(string instructionId, string caseId, CaseStatus status, string? result)
    {
        if (state.State.Item is not { } item
            || item.Instructions.FirstOrDefault(candidate => candidate.Id == instructionId && candidate.CaseId == caseId) is not { } instruction)
        {
            logger.LogWarning("Item {ItemId} has no instruction {InstructionId} with case {CaseId}; its result is not recorded", Id, instructionId, caseId);
            return;
        }
        if (instruction.CaseStatus == status && instruction.Result == result)
            return;
        var reported = instruction with { CaseStatus = status, Result = result };
        await CommitAsync(item with
        {
            Instructions = [.. item.Instructions.Select(candidate => candidate.Id == instructionId ? reported : candidate)],
            History = [.. item.History, new HistoryEntry(clock.GetUtcNow(), "system", "case-result", $"{caseId}: {Wire.Name(status)}")],
        });
    }

    public async Task<Item> TakePhoneReport(Caller caller, string unitCode, ItemDraft draft)
    {
        if (!caller.Has(Role.Duty) || caller.UnitKind != UnitKind.CountyOffice || caller.CountyCode is null)
            throw DomainException.Forbidden(zh: "只有值班室可以代录电话报告", en: "Only the duty room records phone reports.");
        if (RepeatedCreation(caller, draft) is { } existing)
            return existing;
        var unit = UnitCodes.IsValid(unitCode) ? await GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(unitCode)).Get() : null;
        if (unit is not { Kind: UnitKind.Township or UnitKind.Department } || unit.CountyCode != caller.CountyCode)
            throw DomainException.Invalid("unitCode", zh: $"“{unitCode}”不是本县的乡镇或部门", en: $"'{unitCode}' is not a township or department of this county.");
        if (draft.PhoneReportedAt is not { } phoned)
            throw DomainException.Invalid("phoneReportedAt", zh: "值班室代录须填写电话报告时间", en: "A phone report needs phoneReportedAt.");
        var now = clock.GetUtcNow();
        ItemRules.ValidateDraft(draft, now);

        // The county received it when the call came in.
        var receipt = ItemRules.Receipt(draft.OccurredAt!.Value, phoned, phoned);
        var item = new Item(Id, unit.Code, caller.CountyCode, draft.Title.Trim(), draft.Body, draft.Topic, ItemKind.Emergency,
            draft.Classification, draft.OccurredAt, now, ItemStatus.Submitted, receipt, [], null, [], [], [], [],
            [new HistoryEntry(now, caller.Username, ItemRules.PhoneReportTaken, ItemRules.LateDetail(receipt) ?? "值班室代录")], 0,
            SubmittedBy: caller.Username, TakenByPhone: caller.Username);
        state.State.SubmittedBy = caller.Username;
        state.State.DraftFingerprint = ItemRules.Fingerprint(draft);
        var stored = await CommitAsync(item);
        OfficeMeshMetrics.ItemsSubmitted.Add(1, OfficeMeshMetrics.Tag("kind", Wire.Name(ItemKind.Emergency)));
        OfficeMeshMetrics.EmergencyReceiptDelay.Record((receipt.ReceivedAt - receipt.OccurredAt).TotalSeconds);
        return stored;
    }

    public async Task<Item> CorrectOccurrence(Caller caller, DateTimeOffset occurredAt, string reason)
    {
        var item = Visible(caller);
        if (!caller.IsCounty(Role.Duty, item.CountyCode) && !caller.IsCounty(Role.InfoEditor, item.CountyCode))
            throw DomainException.Forbidden(zh: "只有值班室或信息科可以更正发生时间", en: "Only the duty room or the information section corrects an occurrence time.");
        if (item.Emergency is not { } receipt)
            throw DomainException.Conflict(zh: "只有紧急信息可以更正发生时间", en: "Only an emergency has an occurrence time to correct.");
        ItemRules.RequireText(reason, "reason", 2_000);
        if (occurredAt > receipt.ReceivedAt || occurredAt > receipt.PhoneReportedAt)
            throw DomainException.Invalid("occurredAt", zh: "发生时间不能晚于接报时间", en: "occurredAt cannot be after the emergency was received.");

        var now = clock.GetUtcNow();
        var corrected = ItemRules.Receipt(occurredAt, receipt.ReceivedAt, receipt.PhoneReportedAt);
        return await CommitAsync(item with
        {
            OccurredAt = occurredAt,
            Emergency = corrected,
            History = [.. item.History, new HistoryEntry(now, caller.Username, "occurrence-corrected",
                $"{receipt.OccurredAt:O} → {occurredAt:O}（{(receipt.OnTime ? "按时" : "迟报")} → {(corrected.OnTime ? "按时" : "迟报")}）：{reason}")],
        });
    }

    public async Task<Item> Compose(Caller caller, ItemDraft draft, IReadOnlyList<string> sourceItemIds)
    {
        if (!caller.Has(Role.InfoEditor) || caller.UnitKind != UnitKind.CountyOffice || caller.CountyCode is not { } county)
            throw DomainException.Forbidden(zh: "只有县信息科可以编写综合信息", en: "Only the county information section writes composite items.");
        if (RepeatedCreation(caller, draft) is { } existing)
            return existing;
        var now = clock.GetUtcNow();
        ItemRules.ValidateDraft(draft, now);
        if (draft.Kind == ItemKind.Emergency)
            throw DomainException.Invalid("kind", zh: "综合信息不能是紧急信息", en: "A composite cannot be an emergency.");
        var ids = sourceItemIds.Distinct().ToList();
        if (ids.Count is < 2 or > ItemRules.MaxCompositeSources)
            throw DomainException.Invalid("sourceItemIds", zh: $"综合信息须由2至{ItemRules.MaxCompositeSources}条信息综合而成",
                en: $"A composite is written from 2 to {ItemRules.MaxCompositeSources} items.");
        var sources = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IItemGrain>(GrainKeys.Item(id)).CheckMergeable(county)));

        var item = new Item(Id, county, county, draft.Title.Trim(), draft.Body, draft.Topic, draft.Kind, draft.Classification, null, now,
            ItemStatus.Accepted, null, [], null, [], [], [], [], [new HistoryEntry(now, caller.Username, "composed", string.Join(",", ids))], 0,
            SubmittedBy: caller.Username, Sources: [.. sources.Select(source => new ItemSource(source.Id, source.UnitCode))]);
        state.State.SubmittedBy = caller.Username;
        state.State.DraftFingerprint = ItemRules.Fingerprint(draft);
        state.State.MergesOwed.AddRange(ids);
        return await CommitAsync(item);
    }

    public Task<ItemSummary> CheckMergeable(string countyCode)
    {
        if (state.State.Item is not { } item || item.CountyCode != countyCode)
            throw DomainException.Invalid("sourceItemIds", zh: $"信息“{Id}”不存在", en: $"There is no item '{Id}'.");
        if (item.Sources is not null)
            throw DomainException.Invalid("sourceItemIds", zh: $"信息“{Id}”本身是综合信息", en: $"Item '{Id}' is itself a composite.");
        ItemRules.RequireStatus(item, zh: "综合", en: "merge", ItemStatus.Accepted);
        return Task.FromResult(ItemSummaries.Of(item));
    }

    public async Task MarkMerged(string compositeId, string editor)
    {
        if (state.State.Item is not { } item || item.MergedInto == compositeId)
            return;
        if (item.Status != ItemStatus.Accepted)
        {
            logger.LogWarning("Item {ItemId} is {Status}; not marking it merged into {CompositeId}", Id, item.Status, compositeId);
            return;
        }
        await CommitAsync(item with
        {
            Status = ItemStatus.Merged,
            MergedInto = compositeId,
            History = [.. item.History, new HistoryEntry(clock.GetUtcNow(), editor, "merged", compositeId)],
        });
    }

    public async Task CreditPublished(string compositeId)
    {
        if (state.State.Item is not { } item || item.MergedInto != compositeId || item.CompositePublished)
            return;
        await CommitAsync(item with
        {
            CompositePublished = true,
            History = [.. item.History, new HistoryEntry(clock.GetUtcNow(), "system", "composite-published", compositeId)],
        });
    }

    public async Task<Item> EditText(Caller caller, string title, string body, string? note)
    {
        var item = Visible(caller);
        if (!caller.IsCounty(Role.InfoEditor, item.CountyCode))
            throw DomainException.Forbidden(zh: "只有县信息科可以编辑加工信息", en: "Only the county information section edits items.");
        ItemRules.RequireStatus(item, zh: "编辑加工", en: "edit", ItemStatus.Accepted);
        ItemRules.RequireText(title, "title", ItemRules.MaxTitleLength);
        ItemRules.RequireText(body, "body", ItemRules.MaxBodyLength);
        if (note is { Length: > 2_000 })
            throw DomainException.Invalid("note", zh: "编辑说明不能超过2000个字", en: "The field 'note' must be at most 2000 characters.");
        var now = clock.GetUtcNow();
        // The text as it stood before the edit stays on the record, in the history entry of the edit.
        var before = $"原标题：{item.Title}\n原文：{item.Body}" + (string.IsNullOrWhiteSpace(note) ? "" : $"\n说明：{note}");
        return await CommitAsync(item with
        {
            Title = title.Trim(),
            Body = body,
            History = [.. item.History, new HistoryEntry(now, caller.Username, "edited", before)],
        });
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
        if (state.State.Item is not { } item || item.CountyCode != countyCode)
            throw DomainException.NotFound(zh: $"信息“{Id}”不存在", en: $"There is no item '{Id}'.");
        if (item.Classification == Classification.Secret)
            throw DomainException.Conflict(zh: $"信息“{Id}”涉密，不能编入刊物", en: $"Item '{Id}' is secret and cannot appear in the periodical.");
        ItemRules.RequireStatus(item, zh: "编发", en: "publish", ItemStatus.Accepted);
        return Task.FromResult(ItemSummaries.Of(item));
    }

    public Task<Item?> GetForPeriodical(string countyCode) =>
        Task.FromResult(state.State.Item is { } item && item.CountyCode == countyCode && item.Classification != Classification.Secret ? item : null);

    public async Task MarkPublished(PeriodicalPlacement placement, string editor)
    {
        if (state.State.Item is not { } item || item.Periodical == placement)
            return;
        if (item.Status != ItemStatus.Accepted)
        {
            logger.LogWarning("Item {ItemId} is {Status}; not marking it published in {Year}/{Number}", Id, item.Status, placement.Year, placement.Number);
            return;
        }
        var now = clock.GetUtcNow();
        state.State.SourceCreditOwed = item.Sources is { Count: > 0 };
        await CommitAsync(item with
        {
            Status = ItemStatus.Published,
            Periodical = placement,
            History = [.. item.History, new HistoryEntry(now, editor, "published", $"{placement.Year}年第{placement.Number}期 {placement.Column}")],
        });
    }

    public async Task Redeliver()
    {
        if (state.State.Item is null)
            return;
        await DeliverSummaryAsync();
        if (_outbox.Owes && await _outbox.DeliverAsync())
            await state.WriteOrReloadAsync(this);
    }

    private Item Visible(Caller caller)
    {
        ItemAccess.EnsureVisible(caller, state.State.Item, Id);
        return state.State.Item!;
    }

    /// <summary>Stores the change with its outbox in one write, then delivers: the order that lets a crash anywhere be repaired.</summary>
    private async Task<Item> CommitAsync(Item next, OwedCase? owedCase = null)
    {
        next = next with { Version = (state.State.Item?.Version ?? 0) + 1 };
        // A new item is indexed by China-time month; one stored before that keeps its UTC-month partition.
        state.State.ChinaMonths |= state.State.Item is null;
        // A returned item waits in its unit's inbox until revised.
        state.State.InboxOwed |= next.Status == ItemStatus.Returned || state.State.Item?.Status == ItemStatus.Returned;
        // Instructions awaiting disposition wait in the supervision office's inbox.
        state.State.OfficeInboxOwed |= !ReferenceEquals(next.Instructions, state.State.Item?.Instructions) && next.Instructions.Count > 0;
        var awaitsReview = next.Status == ItemStatus.Submitted && state.State.Item?.Status != ItemStatus.Submitted;
        state.State.Item = next;
        if (owedCase is not null)
            state.State.CasesOwed.Add(owedCase);
        await state.WriteOrReloadAsync(this);
        await DeliverSummaryAsync();
        await _outbox.DeliverAsync();
        if (awaitsReview)
            await AnnounceReviewAsync(next);
        return next;
    }

    /// <summary>
    /// Tells the section's live inboxes that the item waits for review (not kept: the inbox counts the waiting
    /// items when read). A secret item is announced without its title, so no one reads it unrecorded.
    /// </summary>
    private Task AnnounceReviewAsync(Item item) =>
        GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.OfficeInbox(item.CountyCode, Role.InfoEditor)).Announce(new InboxEntry(
            InboxTypes.ReviewWaiting, item.Id, item.Classification == Classification.Secret ? "一条密级信息待审核" : item.Title,
            ItemRules.WaitingSince(item), null, null, Wire.Name(ItemRules.ChannelOf(item.Kind))));

    /// <summary>
    /// The summary to each receiver (the duty room's channel first: an emergency must not wait for indexes). A receiver
    /// clears the stored outbox row once it has stored the summary; a delivery lost here is sent again by the sweeper.
    /// </summary>
    private async Task DeliverSummaryAsync()
    {
        var item = state.State.Item!;
        var delivery = new Delivery(Id, state.Etag!);
        try
        {
            if (item.Kind == ItemKind.Emergency)
                await GrainFactory.GetGrain<IEmergencyChannelGrain>(GrainKeys.EmergencyChannel(item.CountyCode)).Receive(item, delivery);
            var summary = ItemSummaries.Of(item);
            await Task.WhenAll(state.State.Receivers.Where(key => key != GrainKeys.EmergencyChannel(item.CountyCode))
                .Select(key => GrainFactory.GetGrain<IItemIndexGrain>(key).Upsert(summary, delivery)));
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Item {ItemId} could not deliver its summary; the outbox sweeper sends it again", Id);
        }
    }

    /// <summary>Everything else the item owes, each part cleared as it is delivered.</summary>
    private async Task DeliverAsync()
    {
        var item = state.State.Item!;
        foreach (var owed in state.State.CasesOwed.ToList())
        {
            await GrainFactory.GetGrain<ICaseGrain>(GrainKeys.Case(owed.CaseId)).Open(owed.CountyCode, owed.Draft);
            state.State.CasesOwed.Remove(owed);
        }
        if (state.State.InboxOwed)
        {
            var inbox = GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.UnitInbox(item.UnitCode));
            if (item.Status == ItemStatus.Returned)
                await inbox.Put(new InboxEntry(InboxTypes.ReturnedItem, item.Id, item.Title, item.Reviews[^1].At, null, null, item.Reviews[^1].Comment));
            else
                await inbox.Remove(InboxTypes.ReturnedItem, item.Id);
            state.State.InboxOwed = false;
        }
        if (state.State.OfficeInboxOwed)
        {
            var office = GrainFactory.GetGrain<IUnitInboxGrain>(GrainKeys.OfficeInbox(item.CountyCode, Role.Supervisor));
            foreach (var instruction in item.Instructions)
            {
                var key = ItemRules.InstructionKey(item.Id, instruction.Id);
                if (instruction.AwaitsDisposition)
                    await office.Put(new InboxEntry(InboxTypes.InstructionAwaitingDisposition, key, item.Title, instruction.GivenAt, null, null,
                        $"{instruction.Leader}：{instruction.Text}"));
                else
                    await office.Remove(InboxTypes.InstructionAwaitingDisposition, key);
            }
            state.State.OfficeInboxOwed = false;
        }
        foreach (var source in state.State.MergesOwed.ToList())
        {
            await GrainFactory.GetGrain<IItemGrain>(GrainKeys.Item(source)).MarkMerged(item.Id, item.SubmittedBy ?? "system");
            state.State.MergesOwed.Remove(source);
        }
        if (state.State.SourceCreditOwed)
        {
            await Task.WhenAll((item.Sources ?? []).Select(source => GrainFactory.GetGrain<IItemGrain>(GrainKeys.Item(source.ItemId)).CreditPublished(item.Id)));
            state.State.SourceCreditOwed = false;
        }
    }

    private static OwedCase CaseFor(Item item, string instructionId, string leader, string text, CaseOpening opening, string openedBy) =>
        new(Guid.CreateVersion7().ToString("N"), item.CountyCode, new CaseDraft(
            Title: item.Title, Description: text, Source: CaseSource.Instruction, SourceRef: item.Id,
            LeadUnit: opening.LeadUnit, CoUnits: opening.CoUnits, DueAt: opening.DueAt,
            OpenedBy: openedBy, InstructingLeader: leader, InstructionId: instructionId));

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

    /// <summary>
    /// The item this grain already holds, when the same account sends the same draft again (a retry); any other
    /// creation under an id that is taken is a conflict, never an overwrite.
    /// </summary>
    private Item? RepeatedCreation(Caller caller, ItemDraft draft)
    {
        if (state.State.Item is not { } existing)
            return null;
        if (state.State.SubmittedBy == caller.Username && state.State.DraftFingerprint == ItemRules.Fingerprint(draft))
            return existing;
        throw DomainException.Conflict(zh: $"编号为“{Id}”的信息已存在", en: $"An item with id '{Id}' already exists.");
    }
}
