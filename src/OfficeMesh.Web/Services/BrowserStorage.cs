using System.Text.Json;
using Microsoft.JSInterop;

namespace OfficeMesh.Web.Services;

/// <summary>The browser tab's sessionStorage: kept while the tab lives, gone when it closes.</summary>
public sealed class BrowserStorage(IJSRuntime js)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T?> GetAsync<T>(string key)
    {
        var text = await js.InvokeAsync<string?>("sessionStorage.getItem", key);
        if (string.IsNullOrEmpty(text)) return default;
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public ValueTask SetAsync<T>(string key, T value) =>
        js.InvokeVoidAsync("sessionStorage.setItem", key, JsonSerializer.Serialize(value, Json));

    public ValueTask RemoveAsync(string key) => js.InvokeVoidAsync("sessionStorage.removeItem", key);
}
