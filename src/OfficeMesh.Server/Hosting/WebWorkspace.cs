using Microsoft.AspNetCore.Routing;

namespace OfficeMesh.Server.Hosting;

/// <summary>
/// The web workspace (src/OfficeMesh.Web) at "/": its files come pre-compressed, fingerprinted ones
/// with long cache lifetimes (MapStaticAssets), anonymously (the page signs in through the API), and
/// every other path that is not the API's or an operator's falls back to index.html, where the
/// application's router takes over.
/// </summary>
public static class WebWorkspace
{
    private const string ConstraintName = "webpage";
    private const string ReloadAtRuntimeKey = "ReloadStaticAssetsAtRuntime";

    public static void AddOfficeMeshWeb(this WebApplicationBuilder builder)
    {
        // Outside Development too, a server run from its build output finds the files where the
        // build keeps them; a published server has them in wwwroot and this finds no manifest.
        builder.WebHost.UseStaticWebAssets();
        // A build output's manifest would otherwise be served as for a developer editing wwwroot:
        // nothing cached and compressed files sent again uncompressed. Outside Development it is
        // served as a publish is: pre-compressed files, fingerprinted ones cached for a year.
        if (!builder.Environment.IsDevelopment() && builder.Configuration[ReloadAtRuntimeKey] is null)
            builder.Configuration[ReloadAtRuntimeKey] = "false";
        builder.Services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<WebPageConstraint>(ConstraintName));
    }

    public static void MapOfficeMeshWeb(this WebApplication app)
    {
        // Written by the build and publish of this project; a host that merely loads this assembly
        // (a test process may) has no web files to serve.
        var manifest = Path.Combine(AppContext.BaseDirectory, "OfficeMesh.Server.staticwebassets.endpoints.json");
        if (!File.Exists(manifest))
            return;
        app.MapStaticAssets(manifest).AllowAnonymous();
        app.MapFallbackToFile($"{{*path:nonfile:{ConstraintName}}}", "index.html").AllowAnonymous();
    }

    /// <summary>Paths of the application's pages: not the API, OpenAPI, health, metrics or dashboard.</summary>
    private sealed class WebPageConstraint : IRouteConstraint
    {
        private static readonly string[] ServerPrefixes = ["api", "openapi", "health", "metrics", "dashboard"];

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            var path = values.TryGetValue(routeKey, out var value) ? value?.ToString() ?? "" : "";
            var first = path.Split('/', 2)[0];
            return !ServerPrefixes.Contains(first, StringComparer.OrdinalIgnoreCase);
        }
    }
}
