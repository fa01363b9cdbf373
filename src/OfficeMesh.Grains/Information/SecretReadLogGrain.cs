using OfficeMesh.Contracts;

namespace OfficeMesh.Grains.Information;

[GenerateSerializer, Alias("OfficeMesh.SecretReadLogState")]
public sealed class SecretReadLogState
{
    [Id(0)] public List<SecretRead> Reads { get; set; } = [];
}

/// <summary>Who read one secret item, when and how; only ever appended to.</summary>
public sealed class SecretReadLogGrain(
    [PersistentState("secret-reads", ProviderNames.GrainStorage)] IPersistentState<SecretReadLogState> state,
    TimeProvider clock)
    : Grain, ISecretReadLogGrain
{
    public async Task Record(string actor, SecretReadPath via)
    {
        state.State.Reads.Add(new SecretRead(clock.GetUtcNow(), actor, via));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SecretRead>> Reads(int skip, int limit) =>
        Task.FromResult<IReadOnlyList<SecretRead>>(state.State.Reads.Skip(skip).Take(limit).ToList());
}
