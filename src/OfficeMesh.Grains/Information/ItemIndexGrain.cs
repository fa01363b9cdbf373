using OfficeMesh.Contracts;
using Orleans.Concurrency;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.ItemIndexState")]
public sealed class ItemIndexState
{
    [Id(0)] public Dictionary<string, ItemSummary> Items { get; set; } = [];
    [Id(1)] public PendingChanges Pending { get; set; } = new();
}

/// <summary>
/// A partition of item summaries: one county's items of one month, or what one upper office received
/// of one month. Reentrant so that a burst of updates is applied in memory at once and stored in a
/// few group-committed writes; only <see cref="Expect"/> waits for its write, because the item's
/// change must not be stored before its announcement is.
/// </summary>
[Reentrant]
public sealed class ItemIndexGrain(
    [PersistentState("item-index", ProviderNames.GrainStorage)] IPersistentState<ItemIndexState> state,
    TimeProvider clock) : Grain, IItemIndexGrain
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private GroupCommit _commit = null!;
    private DateTimeOffset _activatedAt;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = clock.GetUtcNow();
        _commit = new GroupCommit(async () =>
        {
            _dirty = false;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                _dirty = true;
                throw;
            }
        });
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), null);
        if (_dirty)
            await _commit.FlushAsync();
    }

    public async Task Expect(string itemId, int version)
    {
        state.State.Pending.Expect(itemId, version, clock.GetUtcNow());
        await _commit.FlushAsync();
    }

    public Task Upsert(ItemSummary summary)
    {
        Apply(summary);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ItemSummary>> Query(Caller? viewer, ItemQuery query, ItemPosition? after, int limit)
    {
        await RepairAsync();
        return ItemSummaries.NewestFirst(state.State.Items.Values)
            .Where(item => ItemSummaries.IsAfter(item, after) && query.Matches(item) && (viewer is null || ItemAccess.CanSee(viewer, item)))
            .Take(limit)
            .ToList();
    }

    private void Apply(ItemSummary summary)
    {
        if (!state.State.Items.TryGetValue(summary.Id, out var known) || known.Version < summary.Version)
            state.State.Items[summary.Id] = summary;
        state.State.Pending.Resolve(summary.Id, summary.Version);
        // Not awaited: until this is stored, the stored Expect still stands and would repair it.
        _dirty = true;
    }

    private async Task RepairAsync()
    {
        foreach (var summary in await state.State.Pending.RepairAsync(GrainFactory, clock.GetUtcNow(), _activatedAt))
            Apply(summary);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        await RepairAsync();
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), state.State.Pending.Items.Count);
        if (_dirty)
            await _commit.FlushAsync();
    }
}
