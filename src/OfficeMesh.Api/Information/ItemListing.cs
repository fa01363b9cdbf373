using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Information;

/// <summary>
/// Pages through month partitions, newest first (or oldest first when the query asks), asking each
/// partition only for what the page still needs: a list never reads more than the months it spans,
/// and never the items themselves. Secret items shown
/// are recorded as read.
/// </summary>
public static class ItemListing
{
    public static async Task<Page<ItemSummary>> ReadAsync(IGrainFactory grains, Func<DateTimeOffset, string> partitionKey,
        DateTimeOffset earliest, Caller viewer, ItemQuery query, string? cursor, int limit, TimeProvider clock)
    {
        var after = Paging.Decode(cursor);
        var to = query.To ?? clock.GetUtcNow();
        var from = Max(query.From ?? earliest, earliest);
        if (after is not null && query.OldestFirst)
            from = Max(from, after.SubmittedAt);
        else if (after is not null)
            to = Min(to, after.SubmittedAt);
        var months = query.OldestFirst ? GrainKeys.MonthsForwards(from, to) : GrainKeys.MonthsBackwards(from, to);
        var found = new List<ItemSummary>(limit + 1);
        foreach (var month in months)
        {
            var page = await grains.GetGrain<IItemIndexGrain>(partitionKey(month)).Query(viewer, query, after, limit + 1 - found.Count);
            found.AddRange(page);
            if (found.Count > limit)
                break;
        }
        var shown = found.Take(limit).ToList();
        await SecretReading.RecordAsync(grains, viewer, shown, SecretReadPath.List);
        if (found.Count <= limit)
            return new Page<ItemSummary>(shown, null);
        var last = found[limit - 1];
        return new Page<ItemSummary>(shown, Paging.Encode(new ItemPosition(last.SubmittedAt, last.Id)));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
