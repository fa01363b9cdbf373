using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// The durable half of a watchdog's announcements (see <see cref="PendingChanges"/>), kept in buckets by the
/// quarter-second an item was announced. Every announcement waits for a write, and a write stores only the buckets
/// that changed: the current one, and older ones as their changes are delivered and resolved. So its cost follows
/// the announcements of the last moment, not everything still waiting to be stored with the summaries.
/// An announcement stays in the bucket where it was first made until resolved, so a crash between two bucket
/// writes can never lose one. Runs on its grain's scheduler.
/// </summary>
public sealed class AnnouncementLog
{
    public const int BucketCount = 16;
    public static readonly TimeSpan BucketWidth = TimeSpan.FromMilliseconds(250);

    // Under a burst, announcements gather this long before each write: a few milliseconds more per
    // submission for several times fewer writes.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(5);

    private readonly OwnedStates _store;
    private readonly string _name;
    private readonly PendingChanges[] _live;
    private readonly GrainState<PendingChanges>[] _stored;
    private readonly Dictionary<string, int> _bucketOf = [];
    private readonly HashSet<int> _dirty = [];
    private readonly GroupCommit _writes;

    private AnnouncementLog(OwnedStates store, string name, GrainState<PendingChanges>[] stored)
    {
        (_store, _name, _stored) = (store, name, stored);
        _live = stored.Select(bucket => bucket.State!.Snapshot()).ToArray();
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            foreach (var itemId in _live[bucket].Items.Keys)
                _bucketOf[itemId] = bucket;
        }
        _writes = new GroupCommit(WriteDirtyAsync, Gather);
    }

    public static async Task<AnnouncementLog> LoadAsync(OwnedStates store, string name)
    {
        var buckets = await Task.WhenAll(Enumerable.Range(0, BucketCount).Select(bucket => store.ReadAsync<PendingChanges>(BucketName(name, bucket))));
        return new AnnouncementLog(store, name, buckets);
    }

    /// <summary>Announced changes not yet resolved.</summary>
    public int Count => _bucketOf.Count;

    /// <summary>Records the change and completes once it is stored.</summary>
    public Task ExpectAsync(string itemId, int version, DateTimeOffset now)
    {
        var bucket = _bucketOf.TryGetValue(itemId, out var held) ? held : (int)(now.ToUnixTimeMilliseconds() / (long)BucketWidth.TotalMilliseconds % BucketCount);
        if (_live[bucket].Expect(itemId, version, now))
        {
            _bucketOf[itemId] = bucket;
            _dirty.Add(bucket);
        }
        return _writes.FlushAsync();
    }

    /// <summary>Clears an announcement covered by <paramref name="version"/>; stored with the next <see cref="FlushAsync"/>.</summary>
    public void Resolve(string itemId, int version)
    {
        if (!_bucketOf.TryGetValue(itemId, out var bucket) || !_live[bucket].Resolve(itemId, version))
            return;
        _bucketOf.Remove(itemId);
        _dirty.Add(bucket);
    }

    public Task FlushAsync() => _dirty.Count > 0 ? _writes.FlushAsync() : Task.CompletedTask;

    /// <summary>
    /// Asks each overdue item to recover and returns what the items now hold; an item that never stored
    /// the change (the writer died before its write) simply resolves at its current version.
    /// </summary>
    public async Task<IReadOnlyList<ItemSummary>> RepairAsync(IGrainFactory grains, DateTimeOffset now, DateTimeOffset activatedAt, Func<string, bool> received)
    {
        var overdue = _live.SelectMany(bucket => bucket.Overdue(now, activatedAt, received).Select(id => (Id: id, bucket.Items[id].Version))).ToList();
        if (overdue.Count == 0)
            return [];
        // An item handles one call at a time, so its answer comes after any write it had in flight: it is the truth.
        var recovered = await Task.WhenAll(overdue.Select(pending => grains.GetGrain<IItemGrain>(GrainKeys.Item(pending.Id)).Recover()));
        foreach (var (id, version) in overdue)
            Resolve(id, version);
        return recovered.OfType<ItemSummary>().ToList();
    }

    private static string BucketName(string name, int bucket) => $"{name}-pending-{bucket}";

    private async Task WriteDirtyAsync()
    {
        // Snapshots are taken on the grain's turn; only one write runs at a time, so a bucket has one writer.
        var buckets = _dirty.ToList();
        _dirty.Clear();
        try
        {
            await Task.WhenAll(buckets.Select(bucket =>
            {
                _stored[bucket].State = _live[bucket].Snapshot();
                return _store.WriteAsync(BucketName(_name, bucket), _stored[bucket]);
            }));
        }
        catch
        {
            _dirty.UnionWith(buckets);
            throw;
        }
    }
}
