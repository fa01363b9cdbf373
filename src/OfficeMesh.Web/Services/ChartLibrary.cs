using System.Runtime.InteropServices.JavaScript;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The charts of the leaders' page: Apache ECharts, fetched when a leader signs in (their first page draws charts) or
/// the first time a page draws a chart, and driven through wwwroot/js/charts.js. The figures go to the browser as
/// plain arrays ([JSImport], no JSON) and ECharts draws them in a worker, beside the thread this app renders on: a
/// chart costs this app one call, not a tree of components to render. The sign-in page and the other pages never
/// download the library. Everything comes from this server.
/// </summary>
public sealed partial class ChartLibrary
{
    private const string Module = "officeMeshCharts";

    private Task? _module;
    private Task? _loading;

    /// <summary>
    /// This app's own small module, without the library: imported while a person fills in the sign-in form, so that a
    /// leader's sign-in starts fetching the library at once (<see cref="EnsureLoadedAsync"/>), not once the thread is
    /// free again after drawing their first page.
    /// </summary>
    public Task ImportAheadAsync()
    {
        if (!OperatingSystem.IsBrowser()) throw new PlatformNotSupportedException("The charts are drawn in a browser.");
        if (_module is { IsFaulted: false, IsCanceled: false })
            return _module;
        // Relative to the runtime's _framework/ folder.
        return _module = JSHost.ImportAsync(Module, "../js/charts.js");
    }

    /// <summary>Loads once per tab; a failed load is tried again by the next page that asks.</summary>
    public Task EnsureLoadedAsync()
    {
        if (_loading is { IsFaulted: false, IsCanceled: false })
            return _loading;
        return _loading = LoadAsync();
    }

    private async Task LoadAsync()
    {
        await ImportAheadAsync();
        await Load();
    }

    [JSImport("load", Module)]
    private static partial Task Load();

    /// <summary>The open cases by light, as a ring, into the element with id <paramref name="box"/>.</summary>
    [JSImport("drawLights", Module)]
    public static partial Task DrawLights(string box, string[] names, int[] counts, string[] fills, int open);

    /// <summary>Points by unit, one bar each in the given order, into the element with id <paramref name="box"/>.</summary>
    [JSImport("drawScores", Module)]
    public static partial Task DrawScores(string box, string[] names, int[] points);

    /// <summary>Lets go of the chart drawn into <paramref name="box"/> (its page is closing).</summary>
    [JSImport("release", Module)]
    public static partial void Release(string box);
}
