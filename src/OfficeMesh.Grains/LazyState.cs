using Orleans.Storage;

namespace OfficeMesh.Grains;

/// <summary>
/// A grain state read on first use instead of at activation, so a grain that knows it is new (an item whose
/// id the server just generated) skips a database read it would only find empty. Safe even if the grain were
/// wrong: a write that assumed no record fails on the existing one instead of replacing it.
/// </summary>
public sealed class LazyState<T>(IGrainStorage storage, GrainId grainId, string stateName) : IPersistentState<T> where T : new()
{
    private readonly GrainState<T> _stored = new(new T());

    public bool IsLoaded { get; private set; }

    public T State
    {
        get => _stored.State!;
        set => _stored.State = value;
    }

    public string? Etag => _stored.ETag;

    public bool RecordExists => _stored.RecordExists;

    public async Task ReadStateAsync()
    {
        await storage.ReadStateAsync(stateName, grainId, _stored);
        _stored.State ??= new T();
        IsLoaded = true;
    }

    /// <summary>True if this call read the state.</summary>
    public async ValueTask<bool> EnsureLoadedAsync()
    {
        if (IsLoaded)
            return false;
        await ReadStateAsync();
        return true;
    }

    /// <summary>Takes the empty state as loaded, without reading it.</summary>
    public void AssumeNew() => IsLoaded = true;

    public Task WriteStateAsync() => storage.WriteStateAsync(stateName, grainId, _stored);

    public Task ClearStateAsync() => storage.ClearStateAsync(stateName, grainId, _stored);
}
