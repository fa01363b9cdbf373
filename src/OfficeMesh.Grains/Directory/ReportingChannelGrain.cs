using OfficeMesh.Contracts;
using OfficeMesh.Grains.Information;
using Orleans.Concurrency;
using Orleans.Utilities;
using Microsoft.Extensions.Logging;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.ReportingChannelState")]
public sealed class ReportingChannelState
{
    [Id(0)] public ChannelInfo? Info { get; set; }

    /// <summary>For the emergency channel: every emergency the county received, by item id.</summary>
    [Id(1)] public Dictionary<string, ItemSummary> Emergencies { get; set; } = [];

    [Id(2)] public PendingChanges Pending { get; set; } = new();
}

/// <summary>
/// One of a county's reporting channels. The emergency channel is where emergencies arrive: it
/// announces each new one to the duty room's listeners at once, keeps the county's emergency feed,
/// and watches over emergency items' changes (see <see cref="PendingChanges"/>). Being its own grain,
/// it never queues behind routine submissions, which go to the county's item index instead.
/// </summary>
[Reentrant]
public sealed class ReportingChannelGrain(
    [PersistentState("channel", ProviderNames.GrainStorage)] IPersistentState<ReportingChannelState> state,
    TimeProvider clock,
    ILogger<ReportingChannelGrain> logger) : Grain, IReportingChannelGrain, IEmergencyChannelGrain
{
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private ObserverManager<IEmergencyObserver> _listeners = null!;
    private GroupCommit _commit = null!;
    private DateTimeOffset _activatedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = clock.GetUtcNow();
        _listeners = new ObserverManager<IEmergencyObserver>(SubscriptionLifetime, logger);
        _commit = new GroupCommit(() => state.WriteStateAsync());
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TickPeriod, TickPeriod) { Interleave = true });
        return Task.CompletedTask;
    }

    public async Task<ChannelInfo> Open(string countyCode, ReportingChannel channel)
    {
        if (GrainKeys.Channel(countyCode, channel) != this.GetPrimaryKeyString())
            throw DomainException.Invalid("channel", "The channel does not match the channel addressed.");
        if (state.State.Info is { } open)
            return open;
        state.State.Info = new ChannelInfo(countyCode, channel, clock.GetUtcNow());
        await _commit.FlushAsync();
        return state.State.Info;
    }

    public Task<ChannelInfo?> Get() => Task.FromResult(state.State.Info);

    public async Task Expect(string itemId, int version)
    {
        state.State.Pending.Expect(itemId, version, clock.GetUtcNow());
        await _commit.FlushAsync();
    }

    public async Task Receive(Item item)
    {
        var isNew = !state.State.Emergencies.ContainsKey(item.Id);
        Apply(ItemSummaries.Of(item));
        if (isNew)
            await _listeners.Notify(listener => listener.OnEmergency(item));
        await _commit.FlushAsync();
    }

    public async Task<IReadOnlyList<ItemSummary>> Recent(DateTimeOffset? since, int limit)
    {
        await RepairAsync();
        return ItemSummaries.NewestFirst(state.State.Emergencies.Values)
            .Where(item => since is null || item.SubmittedAt >= since)
            .Take(limit)
            .ToList();
    }

    public Task Subscribe(IEmergencyObserver observer)
    {
        _listeners.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IEmergencyObserver observer)
    {
        _listeners.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private void Apply(ItemSummary summary)
    {
        if (!state.State.Emergencies.TryGetValue(summary.Id, out var known) || known.Version < summary.Version)
            state.State.Emergencies[summary.Id] = summary;
        state.State.Pending.Resolve(summary.Id, summary.Version);
    }

    /// <summary>Recovering an item redelivers what it owes (a new emergency arrives through <see cref="Receive"/>); what it already delivered is applied here.</summary>
    private async Task RepairAsync()
    {
        foreach (var summary in await state.State.Pending.RepairAsync(GrainFactory, clock.GetUtcNow(), _activatedAt))
        {
            if (summary.Kind == ItemKind.Emergency && state.State.Emergencies.ContainsKey(summary.Id))
                Apply(summary);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), null);
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        OfficeMeshMetrics.ReportOutboxBacklog(this.GetPrimaryKeyString(), state.State.Pending.Items.Count);
        if (state.State.Pending.Items.Count > 0)
        {
            await RepairAsync();
            await _commit.FlushAsync();
        }
    }
}
