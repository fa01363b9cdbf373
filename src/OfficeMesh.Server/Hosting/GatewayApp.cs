using OfficeMesh.Api;
using OfficeMesh.Contracts;
using OfficeMesh.Gateway;

namespace OfficeMesh.Server.Hosting;

/// <summary>The YARP gateway in front of one or more silos' APIs.</summary>
public static class GatewayApp
{
    /// <param name="localApi">In the all-in-one role, the in-process API the gateway forwards to.</param>
    public static WebApplication Build(string[] args, Uri? localApi = null)
    {
        var builder = HostBuilders.Create(args);
        if (localApi is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ReverseProxy:Clusters:silos:Destinations:local:Address"] = localApi.ToString(),
            });
        }
        var settings = ServerSettings.Read(builder.Configuration);
        builder.Services.AddOfficeMeshBearer(SigningKeys.Load(settings));
        builder.Services.AddOfficeMeshGateway(builder.Configuration);
        builder.AddOfficeMeshTelemetry(localApi is null ? "officemesh-gateway" : "officemesh");
        builder.AddOfficeMeshWeb();

        var app = builder.Build();
        app.MapOfficeMeshGateway();
        // The public door's metrics are for operators only.
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(policy => policy.RequireRole(RoleNames.Operator));
        app.MapOfficeMeshWeb();
        return app;
    }
}
