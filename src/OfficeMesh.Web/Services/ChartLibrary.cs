using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components.WebAssembly.Services;
using Microsoft.JSInterop;

namespace OfficeMesh.Web.Services;

/// <summary>
/// Radzen.Blazor's charts, fetched when a leader signs in (their first page draws charts) or the first time
/// a page draws a chart: its assembly is lazy-loaded (BlazorWebAssemblyLazyLoad in the project), its script
/// and styles added then. The sign-in page and the other pages never download any of it. Everything comes
/// from this server.
/// </summary>
public sealed class ChartLibrary(LazyAssemblyLoader assemblies, IJSRuntime js)
{
    public static readonly IReadOnlyList<string> Assemblies = ["Radzen.Blazor.wasm"];
    private const string Script = "_content/Radzen.Blazor/Radzen.Blazor.js";
    private const string Styles = "_content/Radzen.Blazor/css/default-base.css";

    private Task? _loading;

    /// <summary>A service the chart library's components inject (its TooltipService): created on first use, see <see cref="LateBoundServices"/>.</summary>
    /// <remarks>A trimmed publish keeps the constructors of the services the charts inject: nothing else calls them.</remarks>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, "Radzen.TooltipService", "Radzen.Blazor")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, "Radzen.ThemeService", "Radzen.Blazor")]
    public static bool ProvidesServiceOf(Type type) =>
        type.Assembly.GetName().Name == "Radzen.Blazor" && type.IsClass && !type.IsAbstract;

    /// <summary>Loads once per tab; a failed load is tried again by the next page that asks.</summary>
    public Task EnsureLoadedAsync()
    {
        if (_loading is { IsFaulted: false })
            return _loading;
        return _loading = LoadAsync();
    }

    private async Task LoadAsync()
    {
        // The assembly is asked for first: the module's import waits its turn on the busy main thread.
        var assembly = assemblies.LoadAssembliesAsync(Assemblies);
        var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/chart-library.js");
        await Task.WhenAll(assembly, module.InvokeVoidAsync("load", Script, Styles).AsTask());
        await module.DisposeAsync();
    }
}
