using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Directory;

[GenerateSerializer, Alias("OfficeMesh.CountyRegistryState")]
public sealed class CountyRegistryState
{
    [Id(0)] public SortedSet<string> Counties { get; set; } = [];
}

/// <summary>Every county of the deployment; written when a county office is registered, read at silo start.</summary>
public sealed class CountyRegistryGrain(
    [PersistentState("county-registry", ProviderNames.GrainStorage)] IPersistentState<CountyRegistryState> state)
    : Grain, ICountyRegistryGrain
{
    public Task Register(string countyCode) => state.MergeAndWriteAsync(registry => registry.Counties.Add(countyCode));

    public Task<IReadOnlyList<string>> Counties() => Task.FromResult<IReadOnlyList<string>>(state.State.Counties.ToList());
}
