using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.ItemSummaryState")]
public sealed class ItemSummaryState
{
    [Id(0)] public Dictionary<string, ItemSummary> Items { get; set; } = [];
}

/// <summary>
/// Item summaries kept by a grain that watches over items (an index partition, a county's emergency
/// channel). Stored in two parts so that no item waits for the summaries to be rewritten: the small set of
/// announced changes, which an item waits for before storing its change, and the summaries, stored on the
/// holder's timer. An announcement is dropped from storage only after the summary covering it is stored,
/// so a crash anywhere leaves an announcement to repair from (see <see cref="PendingChanges"/>).
/// Runs on its grain's scheduler; the grain must be reentrant so repairs can call items that call back.
/// Because it is, the grain keeps working copies and gives storage a snapshot for each write: a storage
/// provider may serialize on another thread after its first await, while interleaved calls change the data.
/// </summary>
public sealed class SummaryPartition
{
    private readonly IPersistentState<ItemSummaryState> _summaries;
    private readonly IPersistentState<PendingChanges> _announced;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _activatedAt;
    private readonly GroupCommit _announcements;
    private readonly GroupCommit _summaryWrites;
    private readonly Dictionary<string, ItemSummary> _items;
    private readonly PendingChanges _pending;

    // Summaries received in memory but not yet stored; a write takes them all at once.
    private Dictionary<string, int> _receivedSinceWrite = [];
    private Dictionary<string, int> _beingWritten = [];

    public SummaryPartition(IPersistentState<ItemSummaryState> summaries, IPersistentState<PendingChanges> announced, IGrainFactory grains, TimeProvider clock)
    {
        (_summaries, _announced, _grains, _clock) = (summaries, announced, grains, clock);
        _items = new Dictionary<string, ItemSummary>(summaries.State.Items);
        _pending = announced.State.Snapshot();
        _activatedAt = clock.GetUtcNow();
        _announcements = new GroupCommit(() =>
        {
            announced.State = _pending.Snapshot();
            return announced.WriteStateAsync();
        });
        _summaryWrites = new GroupCommit(WriteSummariesAsync);
    }

    public IReadOnlyCollection<ItemSummary> Items => _items.Values;

    /// <summary>Announced changes not yet stored with the summaries.</summary>
    public int Backlog => _pending.Items.Count;

    public bool Contains(string itemId) => _items.ContainsKey(itemId);

    public async Task ExpectAsync(string itemId, int version)
    {
        _pending.Expect(itemId, version, _clock.GetUtcNow());
        await _announcements.FlushAsync();
    }

    /// <summary>Idempotent and ordered by version; stored at the next <see cref="StoreAsync"/>.</summary>
    public void Apply(ItemSummary summary)
    {
        if (!_items.TryGetValue(summary.Id, out var known) || known.Version < summary.Version)
            _items[summary.Id] = summary;
        if (!_receivedSinceWrite.TryGetValue(summary.Id, out var received) || received < summary.Version)
            _receivedSinceWrite[summary.Id] = summary.Version;
    }

    /// <summary>Asks items whose announced change never arrived to recover, and applies what they hold.</summary>
    public async Task RepairAsync()
    {
        foreach (var summary in await _pending.RepairAsync(_grains, _clock.GetUtcNow(), _activatedAt, Received))
            Apply(summary);
    }

    /// <summary>Stores what was received since the last write, if anything.</summary>
    public Task StoreAsync() => _receivedSinceWrite.Count > 0 ? _summaryWrites.FlushAsync() : Task.CompletedTask;

    private bool Received(string itemId) => _receivedSinceWrite.ContainsKey(itemId) || _beingWritten.ContainsKey(itemId);

    private async Task WriteSummariesAsync()
    {
        (_beingWritten, _receivedSinceWrite) = (_receivedSinceWrite, []);
        try
        {
            _summaries.State = new ItemSummaryState { Items = new Dictionary<string, ItemSummary>(_items) };
            await _summaries.WriteStateAsync();
        }
        catch
        {
            foreach (var (id, version) in _beingWritten)
                _receivedSinceWrite[id] = Math.Max(version, _receivedSinceWrite.GetValueOrDefault(id));
            _beingWritten = [];
            throw;
        }
        var resolved = _beingWritten.Count(entry => _pending.Resolve(entry.Key, entry.Value));
        _beingWritten = [];
        if (resolved > 0)
            await _announcements.FlushAsync();
    }
}
