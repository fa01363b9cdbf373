using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.PendingChange")]
public sealed record PendingChange([property: Id(0)] int Version, [property: Id(1)] DateTimeOffset Since);

/// <summary>
/// The watchdog half of the item outbox. Before an item stores a change it registers it here (durably,
/// see <see cref="AnnouncementLog"/>); the item's own delivery clears it. A change still registered after <see cref="Patience"/>, or left
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

    /// <summary>True if this recorded something new.</summary>
    public bool Expect(string itemId, int version, DateTimeOffset now)
    {
        if (Items.TryGetValue(itemId, out var pending) && pending.Version >= version)
            return false;
        Items[itemId] = new PendingChange(version, now);
        return true;
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
}
