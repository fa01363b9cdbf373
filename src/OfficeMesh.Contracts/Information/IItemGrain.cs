namespace OfficeMesh.Contracts;

/// <summary>One information item. Key: <see cref="GrainKeys.Item"/>. Every call is checked against the caller.</summary>
[Alias("OfficeMesh.IItemGrain")]
public interface IItemGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the item. Repeating the same submission (same caller and draft) returns the item
    /// unchanged, so an idempotent retry that reaches the same id creates nothing new. <paramref name="newId"/>
    /// says the caller generated the id just now, so the item need not look for a stored one.
    /// </summary>
    [Alias("Submit")] Task<Item> Submit(Caller caller, ItemDraft draft, bool newId);

    /// <summary>The item, or <see cref="DomainError.NotFound"/> when the caller may not see it. Secret reads are recorded.</summary>
    [Alias("Get")] Task<Item> Get(Caller caller);

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

    /// <summary>Delivers anything the item still owes other grains and returns its summary (null if it was never stored).</summary>
    [Alias("Recover")] Task<ItemSummary?> Recover();
}

/// <summary>
/// The items of one county submitted in one month. Key: <see cref="GrainKeys.CountyItems"/>.
/// Kept up to date by the item grains; an item announces a change (<see cref="Expect"/>) before storing
/// it, so a crash between the two is noticed and repaired from the item.
/// </summary>
[Alias("OfficeMesh.IItemIndexGrain")]
public interface IItemIndexGrain : IGrainWithStringKey
{
    /// <summary>Durably notes that <paramref name="itemId"/> is about to reach <paramref name="version"/>.</summary>
    [Alias("Expect")] Task Expect(string itemId, int version);

    /// <summary>Idempotent, ordered by version.</summary>
    [Alias("Upsert")] Task Upsert(ItemSummary summary);

    /// <summary>
    /// Matching items, newest first, after the (submittedAt, id) position <paramref name="after"/>;
    /// with a <paramref name="viewer"/>, only the items that caller may see.
    /// </summary>
    [Alias("Query")] Task<IReadOnlyList<ItemSummary>> Query(Caller? viewer, ItemQuery query, ItemPosition? after, int limit);
}

/// <summary>A position in a newest-first list: the last item a page returned.</summary>
[GenerateSerializer, Alias("OfficeMesh.ItemPosition")]
public sealed record ItemPosition([property: Id(0)] DateTimeOffset SubmittedAt, [property: Id(1)] string Id);
