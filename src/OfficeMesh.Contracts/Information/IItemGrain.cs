using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Contracts;

/// <summary>One information item. Key: <see cref="GrainKeys.Item"/>. Every call is checked against the caller.</summary>
[Alias("OfficeMesh.IItemGrain")]
public interface IItemGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the item. Repeating the same submission (same caller and draft) returns the item
    /// unchanged, so an idempotent retry that reaches the same id creates nothing new.
    /// </summary>
    [Alias("Submit")] Task<Item> Submit(Caller caller, ItemDraft draft);

    /// <summary>
    /// <see cref="Submit"/>, with the act put on record in the item's own write (<see cref="IAuditedState"/>).
    /// <see cref="Submission.OnRecord"/> says whether it was; a repeated submission writes nothing, so it is not.
    /// </summary>
    [Alias("SubmitOnRecord")] Task<Submission> SubmitOnRecord(Caller caller, ItemDraft draft, AuditEntry audit);

    /// <summary>The item, or <see cref="DomainError.NotFound"/> when the caller may not see it. Secret reads are recorded (<see cref="ISecretReadLogGrain"/>).</summary>
    [Alias("Get")] Task<Item> Get(Caller caller);

    /// <summary>Who read the item when it is secret (none when it is not), for the county information section and leaders.</summary>
    [Alias("SecretReads")] Task<IReadOnlyList<SecretRead>> SecretReads(Caller caller, int skip, int limit);

    [Alias("Revise")] Task<Item> Revise(Caller caller, ItemDraft draft);

    [Alias("Review")] Task<Item> Review(Caller caller, ReviewDecision decision, string comment);

    [Alias("Forward")] Task<Item> Forward(Caller caller, UpperLevel level);

    [Alias("Adopt")] Task<Item> Adopt(Caller caller, AdoptionLevel level, string publication);

    [Alias("Instruct")] Task<Item> Instruct(Caller caller, InstructionRequest instruction);

    [Alias("AddFollowUp")] Task<Item> AddFollowUp(Caller caller, string body, bool final);

    /// <summary>Checks that the item can go into a periodical of <paramref name="countyCode"/> and returns it.</summary>
    [Alias("CheckPublishable")] Task<ItemSummary> CheckPublishable(string countyCode);

    /// <summary>
    /// The item as a periodical of <paramref name="countyCode"/> prints it, or null. No caller check: whoever may
    /// read the issue may read what it printed (never a secret item, which no issue holds).
    /// </summary>
    [Alias("GetForPeriodical")] Task<Item?> GetForPeriodical(string countyCode);

    /// <summary>Idempotent: marks the item published in the given issue.</summary>
    [Alias("MarkPublished")] Task MarkPublished(PeriodicalPlacement placement, string editor);

    /// <summary>值班室代录: the duty room records an emergency a unit reported by phone; the item is the unit's.</summary>
    [Alias("TakePhoneReport")] Task<Item> TakePhoneReport(Caller caller, string unitCode, ItemDraft draft);

    /// <summary>Corrects when an emergency occurred (duty room, information section); the receipt is recomputed, both values kept.</summary>
    [Alias("CorrectOccurrence")] Task<Item> CorrectOccurrence(Caller caller, DateTimeOffset occurredAt, string reason);

    /// <summary>批必查: the supervision office opens a case for an instruction given without one, or records why none is needed.</summary>
    [Alias("DisposeInstruction")] Task<Item> DisposeInstruction(Caller caller, string instructionId, InstructionDecision decision, string? reason, CaseOpening? opening);

    /// <summary>果必报: a case opened from an instruction reports its status and result onto it (for the case grain; idempotent).</summary>
    [Alias("RecordCaseResult")] Task RecordCaseResult(string instructionId, string caseId, CaseStatus status, string? result);

    /// <summary>综合信息: the information section writes one item from several accepted items of its county.</summary>
    [Alias("Compose")] Task<Item> Compose(Caller caller, ItemDraft draft, IReadOnlyList<string> sourceItemIds);

    /// <summary>Checks that the item can be merged into a composite of <paramref name="countyCode"/> and returns it.</summary>
    [Alias("CheckMergeable")] Task<ItemSummary> CheckMergeable(string countyCode);

    /// <summary>Idempotent: the item was merged into composite <paramref name="compositeId"/>.</summary>
    [Alias("MarkMerged")] Task MarkMerged(string compositeId, string editor);

    /// <summary>Idempotent: the composite this item was merged into was published, so its unit is credited as published.</summary>
    [Alias("CreditPublished")] Task CreditPublished(string compositeId);

    /// <summary>编辑加工: the information section edits an accepted item's text; the submitted text stays in the history.</summary>
    [Alias("EditText")] Task<Item> EditText(Caller caller, string title, string body, string? note);

    /// <summary>Delivers again everything the stored item owes (its outbox), whatever an earlier activation already sent.</summary>
    [Alias("Redeliver")] Task Redeliver();
}

/// <summary>
/// The items of one county submitted in one month. Key: <see cref="GrainKeys.CountyItems"/>.
/// Kept up to date by the item grains' outbox: each item's write records that this partition owes it, and the
/// record stays until the partition has stored the item's summary.
/// </summary>
[Alias("OfficeMesh.IItemIndexGrain")]
public interface IItemIndexGrain : IGrainWithStringKey
{
    /// <summary>Idempotent, ordered by version; <paramref name="delivery"/> is cleared from the outbox once the summary is stored.</summary>
    [Alias("Upsert")] Task Upsert(ItemSummary summary, Delivery delivery);

    /// <summary>
    /// Matching items, newest first, after the (submittedAt, id) position <paramref name="after"/>;
    /// with a <paramref name="viewer"/>, only the items that caller may see.
    /// </summary>
    [Alias("Query")] Task<IReadOnlyList<ItemSummary>> Query(Caller? viewer, ItemQuery query, ItemPosition? after, int limit);

    /// <summary>The items of this partition waiting for review, per channel: how many and since when the oldest.</summary>
    [Alias("ReviewBacklog")] Task<IReadOnlyList<ReviewBacklog>> ReviewBacklog();
}

/// <summary>Items of one channel waiting for the section's review.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.ReviewBacklog")]
public sealed record ReviewBacklog([property: Id(0)] ReportingChannel Channel, [property: Id(1)] int Count, [property: Id(2)] DateTimeOffset Oldest);

/// <summary>A position in a newest-first list: the last item a page returned.</summary>
[GenerateSerializer, Alias("OfficeMesh.ItemPosition")]
public sealed record ItemPosition([property: Id(0)] DateTimeOffset SubmittedAt, [property: Id(1)] string Id);

/// <summary>A submitted item, and whether its audit entry was stored with it.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Submission")]
public sealed record Submission([property: Id(0)] Item Item, [property: Id(1)] bool OnRecord);
