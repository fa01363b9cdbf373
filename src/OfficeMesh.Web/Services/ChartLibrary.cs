using System.Runtime.InteropServices.JavaScript;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The charts of the leaders' page: Apache ECharts, fetched when a leader signs in (their first page draws charts) or
/// the first time a page draws a chart, and driven through wwwroot/js/charts.js. The figures go to the browser as
/// plain arrays ([JSImport], no JSON) and ECharts draws them there: a chart costs this app one call, not a tree of
/// components to render. The sign-in page and the other pages never download any of it. Everything comes from this
/// server.
/// </summary>
public sealed partial class ChartLibrary
{
    private const string Module = "officeMeshCharts";

    private Task? _loading;

    /// <summary>Loads once per tab; a failed load is tried again by the next page that asks.</summary>
    public Task EnsureLoadedAsync()
    {
        if (_loading is { IsFaulted: false, IsCanceled: false })
            return _loading;
        return _loading = LoadAsync();
    }

    private static async Task LoadAsync()
    {
        if (!OperatingSystem.IsBrowser()) throw new PlatformNotSupportedException("The charts are drawn in a browser.");
        // Relative to the runtime's _framework/ folder.
        await JSHost.ImportAsync(Module, "../js/charts.js");
        await Load();
    }

    [JSImport("load", Module)]
    private static partial Task Load();

    /// <summary>The open cases by light, as a ring, into the element with id <paramref name="box"/>.</summary>
    [JSImport("drawLights", Module)]
    public static partial void DrawLights(string box, string[] names, int[] counts, string[] fills, int open);

    /// <summary>Points by unit, one bar each in the given order, into the element with id <paramref name="box"/>.</summary>
    [JSImport("drawScores", Module)]
    public static partial void DrawScores(string box, string[] names, int[] points);

    /// <summary>Lets go of the chart drawn into <paramref name="box"/> (its page is closing).</summary>
    [JSImport("release", Module)]
    public static partial void Release(string box);
}
