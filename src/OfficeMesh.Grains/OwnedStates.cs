using Orleans.Storage;

namespace OfficeMesh.Grains;

/// <summary>
/// States a grain stores under names it chooses at run time (pages, buckets), through the same grain storage
/// provider as its declared states, with the same ETag check.
/// </summary>
public sealed class OwnedStates(IGrainStorage storage, GrainId grainId)
{
    public async Task<GrainState<T>> ReadAsync<T>(string name) where T : new()
    {
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(name, grainId, state);
        state.State ??= new T();
        return state;
    }

    /// <summary>
    /// Stores <paramref name="state"/> if storage still holds the ETag it was read or last written with; otherwise throws
    /// <see cref="InconsistentStateException"/>, and the caller's copy is stale (another activation wrote meanwhile).
    /// </summary>
    public Task WriteAsync<T>(string name, GrainState<T> state) where T : new() => storage.WriteStateAsync(name, grainId, state);
}
