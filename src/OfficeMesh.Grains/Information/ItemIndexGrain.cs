using OfficeMesh.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Storage;

namespace OfficeMesh.Grains.Information;

/// <summary>
/// A partition of item summaries: one county's items of one month, or what one upper office received
/// of one month. Reentrant, so a burst of deliveries is applied in memory at once; the summaries are
/// stored on a one-second timer, page by changed page, and then the items' outbox rows are cleared.
/// </summary>
[Reentrant]
public sealed class ItemIndexGrain(
    [FromKeyedServices(ProviderNames.GrainStorage)] IGrainStorage storage,
    IServiceProvider services,
    ILogger<ItemIndexGrain> logger) : Grain, IItemIndexGrain
{
    private static readonly TimeSpan StorePeriod = TimeSpan.FromSeconds(1);
    private SummaryPartition _partition = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = await SummaryPartition.LoadAsync(new OwnedStates(storage, this.GetGrainId()), "item-index", this.GetPrimaryKeyString(), services.GetService<IOutboxStore>(),
            ReloadWhenIdle);
        this.RegisterGrainTimer(_ => _partition.StoreAsync(), new GrainTimerCreationOptions(StorePeriod, StorePeriod) { Interleave = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _partition.StoreAsync();

    private void ReloadWhenIdle()
    {
        logger.LogWarning("Index partition {Partition} merged pages another activation stored; it reloads when idle", this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    public Task Upsert(ItemSummary summary, Delivery delivery)
    {
        _partition.Apply(summary, delivery);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<ItemSummary>> Query(Caller? viewer, ItemQuery query, ItemPosition? after, int limit)
    {
        await services.GetRequiredService<OutboxSweeper>().CaughtUpAsync();
        var ordered = query.OldestFirst ? ItemSummaries.OldestFirst(_partition.Items) : ItemSummaries.NewestFirst(_partition.Items);
        return ordered
            .Where(item => ItemSummaries.IsAfter(item, after, query.OldestFirst) && query.Matches(item) && (viewer is null || ItemAccess.CanSee(viewer, item)))
            .Take(limit)
            .ToList();
    }

    public async Task<IReadOnlyList<ReviewBacklog>> ReviewBacklog()
    {
        await services.GetRequiredService<OutboxSweeper>().CaughtUpAsync();
        return _partition.Items.Where(item => item.Status == ItemStatus.Submitted)
            .GroupBy(item => ItemRules.ChannelOf(item.Kind))
            .Select(channel => new ReviewBacklog(channel.Key, channel.Count(), channel.Min(item => item.SubmittedAt)))
            .ToList();
    }
}
