using Orleans.Storage;

namespace OfficeMesh.Grains;

/// <summary>
/// States a grain stores under names it chooses at run time (pages, buckets), through the same grain storage
/// provider as its declared states. The grain is the only writer of these names.
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
    /// Being the only writer, a stale ETag can only come from a write of ours whose answer was lost (a timeout
    /// after the commit): take the stored ETag and write again.
    /// </summary>
    public async Task WriteAsync<T>(string name, GrainState<T> state) where T : new()
    {
        try
        {
            await storage.WriteStateAsync(name, grainId, state);
        }
        catch (InconsistentStateException)
        {
            var current = await ReadAsync<T>(name);
            state.ETag = current.ETag;
            state.RecordExists = current.RecordExists;
            await storage.WriteStateAsync(name, grainId, state);
        }
    }
}
