using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.PendingChange")]
public sealed record PendingChange([property: Id(0)] int Version, [property: Id(1)] DateTimeOffset Since);

/// <summary>
/// The watchdog half of the item outbox. Before an item stores a change it registers it here (durably);
/// the item's own delivery clears it. A change still registered after <see cref="Patience"/>, or left
/// over from before a crash, means the item stored a change whose delivery never arrived: the holder
/// asks the item to recover, which redelivers whatever it still owes.
/// </summary>
[GenerateSerializer, Alias("OfficeMesh.PendingChanges")]
public sealed class PendingChanges
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    [Id(0)] public Dictionary<string, PendingChange> Items { get; set; } = [];

    /// <summary>A copy to hand to storage, so the holder can go on changing its own while the write runs.</summary>
    public PendingChanges Snapshot() => new() { Items = new Dictionary<string, PendingChange>(Items) };

    public void Expect(string itemId, int version, DateTimeOffset now)
    {
        if (!Items.TryGetValue(itemId, out var pending) || pending.Version < version)
            Items[itemId] = new PendingChange(version, now);
    }

    /// <summary>True if this cleared a pending change.</summary>
    public bool Resolve(string itemId, int version) =>
        Items.TryGetValue(itemId, out var pending) && pending.Version <= version && Items.Remove(itemId);

    /// <summary>
    /// Changes that waited too long, or were registered before this activation began; changes the holder
    /// already received and is only waiting to store (<paramref name="received"/>) are not overdue.
    /// </summary>
    public IReadOnlyList<string> Overdue(DateTimeOffset now, DateTimeOffset activatedAt, Func<string, bool>? received = null) =>
        Items.Where(entry => (entry.Value.Since < activatedAt || now - entry.Value.Since > Patience) && received?.Invoke(entry.Key) != true)
            .Select(entry => entry.Key).ToList();

    /// <summary>
    /// Asks each overdue item to recover and returns what the items now hold; an item that never stored
    /// the change (the writer died before its write) simply resolves at its current version.
    /// </summary>
    public async Task<IReadOnlyList<ItemSummary>> RepairAsync(IGrainFactory grains, DateTimeOffset now, DateTimeOffset activatedAt,
        Func<string, bool>? received = null)
    {
        var overdue = Overdue(now, activatedAt, received).Select(id => (Id: id, Items[id].Version)).ToList();
        if (overdue.Count == 0)
            return [];
        // An item handles one call at a time, so its answer comes after any write it had in flight: it is the truth.
        var recovered = await Task.WhenAll(overdue.Select(pending => grains.GetGrain<IItemGrain>(GrainKeys.Item(pending.Id)).Recover()));
        foreach (var pending in overdue)
        {
            if (Items.TryGetValue(pending.Id, out var current) && current.Version == pending.Version)
                Items.Remove(pending.Id);
        }
        return recovered.OfType<ItemSummary>().ToList();
    }
}
