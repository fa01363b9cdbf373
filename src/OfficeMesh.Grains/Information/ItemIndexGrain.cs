using OfficeMesh.Contracts;
using Orleans.Concurrency;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.ItemIndexState")]
public sealed class ItemIndexState
{
    [Id(0)] public Dictionary<string, ItemSummary> Items { get; set; } = [];
}

/// <summary>
/// A partition of item summaries: one county's items of one month, or what one upper office received
/// of one month. Its state is stored in two parts so that no submission waits for the partition to be
/// rewritten: the small set of announced changes (<see cref="Expect"/>), which an item waits for before
/// storing its change, and the summaries, stored on a short timer. An announcement is dropped from
/// storage only after the summary it covers has been stored, so a crash at any point leaves an
/// announcement behind to repair from. Reentrant, so a burst is applied in memory at once.
/// </summary>
[Reentrant]
public sealed class ItemIndexGrain(
    [PersistentState("item-index", ProviderNames.GrainStorage)] IPersistentState<ItemIndexState> summaries,
    [PersistentState("item-index-pending", ProviderNames.GrainStorage)] IPersistentState<PendingChanges> announced,
    TimeProvider clock) : Grain, IItemIndexGrain
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private GroupCommit _announcements = null!;
    private GroupCommit _summaryWrites = null!;
    private DateTimeOffset _activatedAt;

    // Changes received in memory but not yet stored with the summaries; a write takes them all at once.
    private Dictionary<string, int> _receivedSinceWrite = [];
    private Dictionary<string, int> _beingWritten = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = clock.GetUtcNow();
        _announcements = new GroupCommit(() => announced.WriteStateAsync());
        _summaryWrites = new GroupCommit(WriteSummariesAsync);
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), null);
        if (_receivedSinceWrite.Count > 0)
            await _summaryWrites.FlushAsync();
    }

    public async Task Expect(string itemId, int version)
    {
        announced.State.Expect(itemId, version, clock.GetUtcNow());
        await _announcements.FlushAsync();
    }

    public Task Upsert(ItemSummary summary)
    {
        Apply(summary);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ItemSummary>> Query(Caller? viewer, ItemQuery query, ItemPosition? after, int limit)
    {
        await RepairAsync();
        return ItemSummaries.NewestFirst(summaries.State.Items.Values)
            .Where(item => ItemSummaries.IsAfter(item, after) && query.Matches(item) && (viewer is null || ItemAccess.CanSee(viewer, item)))
            .Take(limit)
            .ToList();
    }

    private void Apply(ItemSummary summary)
    {
        if (!summaries.State.Items.TryGetValue(summary.Id, out var known) || known.Version < summary.Version)
            summaries.State.Items[summary.Id] = summary;
        if (!_receivedSinceWrite.TryGetValue(summary.Id, out var received) || received < summary.Version)
            _receivedSinceWrite[summary.Id] = summary.Version;
    }

    /// <summary>Stores the summaries, then forgets the announcements they cover.</summary>
    private async Task WriteSummariesAsync()
    {
        (_beingWritten, _receivedSinceWrite) = (_receivedSinceWrite, []);
        try
        {
            await summaries.WriteStateAsync();
        }
        catch
        {
            foreach (var (id, version) in _beingWritten)
                _receivedSinceWrite[id] = Math.Max(version, _receivedSinceWrite.GetValueOrDefault(id));
            _beingWritten = [];
            throw;
        }
        var resolved = _beingWritten.Count(entry => announced.State.Resolve(entry.Key, entry.Value));
        _beingWritten = [];
        if (resolved > 0)
            await _announcements.FlushAsync();
    }

    private bool Received(string itemId) => _receivedSinceWrite.ContainsKey(itemId) || _beingWritten.ContainsKey(itemId);

    private async Task RepairAsync()
    {
        foreach (var summary in await announced.State.RepairAsync(GrainFactory, clock.GetUtcNow(), _activatedAt, Received))
            Apply(summary);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        await RepairAsync();
        if (_receivedSinceWrite.Count > 0)
            await _summaryWrites.FlushAsync();
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), announced.State.Items.Count);
    }
}
