using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.ReportingChannelState")]
public sealed class ReportingChannelState
{
    [Id(0)] public ChannelInfo? Info { get; set; }
}

/// <summary>
/// One of a county's reporting channels. Each is its own grain so that the emergency channel never
/// queues behind routine traffic; the information workflow routes submissions through them.
/// </summary>
public sealed class ReportingChannelGrain(
    [PersistentState("channel", ProviderNames.GrainStorage)] IPersistentState<ReportingChannelState> state,
    TimeProvider clock) : Grain, IReportingChannelGrain
{
    public async Task<ChannelInfo> Open(string countyCode, ReportingChannel channel)
    {
        if (GrainKeys.Channel(countyCode, channel) != this.GetPrimaryKeyString())
            throw DomainException.Invalid("channel", "The channel does not match the channel addressed.");
        if (state.State.Info is { } open)
            return open;
        state.State.Info = new ChannelInfo(countyCode, channel, clock.GetUtcNow());
        await state.WriteStateAsync();
        return state.State.Info;
    }

    public Task<ChannelInfo?> Get() => Task.FromResult(state.State.Info);
}
