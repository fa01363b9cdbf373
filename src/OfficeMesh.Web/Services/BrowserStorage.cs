using System.Runtime.InteropServices.JavaScript;
using System.Text.Json;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The browser tab's sessionStorage: kept while the tab lives, gone when it closes. Read and written
/// through [JSImport] (index.html's officeMeshStorage), which needs nothing of Blazor's JS interop, so
/// the session is restored before the first page renders at no cost to it.
/// </summary>
public sealed partial class BrowserStorage
{
    public Task<T?> GetAsync<T>(string key)
    {
        var text = GetItem(key);
        if (string.IsNullOrEmpty(text)) return Task.FromResult<T?>(default);
        try
        {
            return Task.FromResult((T?)JsonSerializer.Deserialize(text, typeof(T), WebJson.Options));
        }
        catch (JsonException)
        {
            return Task.FromResult<T?>(default);
        }
    }

    public ValueTask SetAsync<T>(string key, T value)
    {
        SetItem(key, JsonSerializer.Serialize(value, typeof(T), WebJson.Options));
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string key)
    {
        RemoveItem(key);
        return ValueTask.CompletedTask;
    }

    [JSImport("globalThis.officeMeshStorage.get")]
    private static partial string? GetItem(string key);

    [JSImport("globalThis.officeMeshStorage.set")]
    private static partial void SetItem(string key, string value);

    [JSImport("globalThis.officeMeshStorage.remove")]
    private static partial void RemoveItem(string key);
}
