using OfficeMesh.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Storage;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// A partition of item summaries: one county's items of one month, or what one upper office received
/// of one month. Reentrant, so a burst of updates is applied in memory at once; the summaries are
/// stored on a one-second timer, page by changed page, and only announcements (<see cref="Expect"/>) are waited for.
/// </summary>
[Reentrant]
public sealed class ItemIndexGrain(
    [FromKeyedServices(ProviderNames.GrainStorage)] IGrainStorage storage,
    TimeProvider clock) : Grain, IItemIndexGrain
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private SummaryPartition _partition = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = await SummaryPartition.LoadAsync(new OwnedStates(storage, this.GetGrainId()), "item-index", GrainFactory, clock);
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { Interleave = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), null);
        await _partition.StoreAsync(final: true);
    }

    public Task Expect(string itemId, int version) => _partition.ExpectAsync(itemId, version);

    public Task Upsert(ItemSummary summary)
    {
        _partition.Apply(summary);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ItemSummary>> Query(Caller? viewer, ItemQuery query, ItemPosition? after, int limit)
    {
        await _partition.RepairAsync();
        var ordered = query.OldestFirst ? ItemSummaries.OldestFirst(_partition.Items) : ItemSummaries.NewestFirst(_partition.Items);
        return ordered
            .Where(item => ItemSummaries.IsAfter(item, after, query.OldestFirst) && query.Matches(item) && (viewer is null || ItemAccess.CanSee(viewer, item)))
            .Take(limit)
            .ToList();
    }

    public async Task<IReadOnlyList<ReviewBacklog>> ReviewBacklog()
    {
        await _partition.RepairAsync();
        return _partition.Items.Where(item => item.Status == ItemStatus.Submitted)
            .GroupBy(item => ItemRules.ChannelOf(item.Kind))
            .Select(channel => new ReviewBacklog(channel.Key, channel.Count(), channel.Min(item => item.SubmittedAt)))
            .ToList();
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        await _partition.RepairAsync();
        await _partition.StoreAsync();
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), _partition.Backlog);
    }
}
