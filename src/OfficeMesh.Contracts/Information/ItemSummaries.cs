
namespace OfficeMesh.Contracts;

public static class ItemSummaries
{
    public static ItemSummary Of(Item item) => new(
        item.Id, item.UnitCode, item.CountyCode, item.Title, item.Topic, item.Kind, item.Classification, item.Status,
        item.SubmittedAt, item.OccurredAt, item.Emergency, item.Forwards,
        item.Adoptions.Select(adoption => adoption.Level).ToList(),
        item.Instructions.Select(instruction => instruction.Level).ToList(),
        item.Version,
        item.History.FirstOrDefault()?.Actor);

    /// <summary>Newest first; the id breaks ties so paging is stable.</summary>
    public static IEnumerable<ItemSummary> NewestFirst(IEnumerable<ItemSummary> items) =>
        items.OrderByDescending(item => item.SubmittedAt).ThenByDescending(item => item.Id, StringComparer.Ordinal);

    /// <summary>Oldest first, the reverse of <see cref="NewestFirst"/>.</summary>
    public static IEnumerable<ItemSummary> OldestFirst(IEnumerable<ItemSummary> items) =>
        items.OrderBy(item => item.SubmittedAt).ThenBy(item => item.Id, StringComparer.Ordinal);

    public static bool IsAfter(ItemSummary item, ItemPosition? position) =>
        position is null
        || item.SubmittedAt < position.SubmittedAt
        || (item.SubmittedAt == position.SubmittedAt && string.CompareOrdinal(item.Id, position.Id) < 0);

    /// <summary>Whether <paramref name="item"/> comes after <paramref name="position"/> in a list of the given order.</summary>
    public static bool IsAfter(ItemSummary item, ItemPosition? position, bool oldestFirst) =>
        !oldestFirst ? IsAfter(item, position)
        : position is null
        || item.SubmittedAt > position.SubmittedAt
        || (item.SubmittedAt == position.SubmittedAt && string.CompareOrdinal(item.Id, position.Id) > 0);
}
