using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Coordination;

[GenerateSerializer, Alias("OfficeMesh.UnitCoordinationsState")]
public sealed class UnitCoordinationsState
{
    [Id(0)] public Dictionary<string, CoordinationSummary> Coordinations { get; set; } = [];
}

/// <summary>
/// The coordinations one unit created or must answer, each with every listed unit's state, so the unit's
/// list is one read and never a scan of coordinations. Each coordination puts its own summary here.
/// </summary>
public sealed class UnitCoordinationsGrain(
    [PersistentState("unit-coordinations", ProviderNames.GrainStorage)] IPersistentState<UnitCoordinationsState> state)
    : Grain, IUnitCoordinationsGrain
{
    public async Task Put(CoordinationSummary summary)
    {
        if (state.State.Coordinations.TryGetValue(summary.Id, out var known) && known.Answered >= summary.Answered)
            return;
        state.State.Coordinations[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<CoordinationSummary>> List() =>
        Task.FromResult<IReadOnlyList<CoordinationSummary>>(state.State.Coordinations.Values
            .OrderByDescending(summary => summary.CreatedAt).ThenByDescending(summary => summary.Id, StringComparer.Ordinal).ToList());
}
