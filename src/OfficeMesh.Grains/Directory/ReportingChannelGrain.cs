using OfficeMesh.Contracts;
using OfficeMesh.Grains.Information;
using Orleans.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.ReportingChannelState")]
public sealed class ReportingChannelState
{
    [Id(0)] public ChannelInfo? Info { get; set; }
}

/// <summary>
/// One of a county's reporting channels. The emergency channel is where emergencies arrive: it
/// tells the duty room's listeners of each new one at once and keeps the county's emergency feed, a receiver of
/// emergency items' outboxes (see <see cref="SummaryPartition"/>). Being its own grain,
/// it never queues behind routine submissions, which go to the county's item index instead.
/// </summary>
[Reentrant]
public sealed class ReportingChannelGrain(
    [PersistentState("channel", ProviderNames.GrainStorage)] IPersistentState<ReportingChannelState> state,
    [FromKeyedServices(ProviderNames.GrainStorage)] IGrainStorage storage,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<ReportingChannelGrain> logger) : Grain, IReportingChannelGrain, IEmergencyChannelGrain
{
    private static readonly TimeSpan StorePeriod = TimeSpan.FromSeconds(1);
    private readonly Listeners<IEmergencyObserver> _listeners = new(logger);
    private SummaryPartition _feed = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _feed = await SummaryPartition.LoadAsync(new OwnedStates(storage, this.GetGrainId()), "channel-emergencies", this.GetPrimaryKeyString(),
            services.GetService<IOutboxStore>(), ReloadWhenIdle);
        this.RegisterGrainTimer(_ => _feed.StoreAsync(), new GrainTimerCreationOptions(StorePeriod, StorePeriod) { Interleave = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _feed.StoreAsync();

    private void ReloadWhenIdle()
    {
        logger.LogWarning("Emergency channel {Channel} merged feed pages another activation stored; it reloads when idle", this.GetPrimaryKeyString());
        DeactivateOnIdle();
    }

    public async Task<ChannelInfo> Open(string countyCode, ReportingChannel channel)
    {
        if (GrainKeys.Channel(countyCode, channel) != this.GetPrimaryKeyString())
            throw DomainException.Invalid("channel", zh: "报送渠道与所访问的渠道不一致", en: "The channel does not match the channel addressed.");
        if (state.State.Info is { } open)
            return open;
        state.State.Info = new ChannelInfo(countyCode, channel, clock.GetUtcNow());
        await state.WriteStateAsync();
        return state.State.Info;
    }

    public Task<ChannelInfo?> Get() => Task.FromResult(state.State.Info);

    public async Task Receive(Item item, Delivery delivery)
    {
        var isNew = !_feed.Contains(item.Id);
        _feed.Apply(ItemSummaries.Of(item), delivery);
        // The duty room first; the feed is stored within a second (the item's outbox row stands until then).
        if (isNew)
            await _listeners.Notify(listener => listener.OnEmergency(item));
    }

    public async Task<IReadOnlyList<ItemSummary>> Recent(DateTimeOffset? since, int limit)
    {
        await services.GetRequiredService<OutboxSweeper>().CaughtUpAsync();
        return ItemSummaries.NewestFirst(_feed.Items)
            .Where(item => since is null || item.SubmittedAt >= since)
            .Take(limit)
            .ToList();
    }

    public Task Subscribe(IEmergencyObserver observer) => _listeners.Subscribe(observer);

    public Task Unsubscribe(IEmergencyObserver observer) => _listeners.Unsubscribe(observer);
}
