using OfficeMesh.Api;
using OfficeMesh.Api.Audit;
using OfficeMesh.Contracts;
using OfficeMesh.Gateway;

namespace OfficeMesh.Server.Hosting;

/// <summary>The YARP gateway in front of one or more silos' APIs.</summary>
public static class GatewayApp
{
    /// <param name="localApi">In the all-in-one role, the in-process API the gateway forwards to.</param>
    /// <param name="audit">In the all-in-one role, the silo's audit log, where the gateway's refusals go too.</param>
    public static WebApplication Build(string[] args, Uri? localApi = null, IAuditLog? audit = null)
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
        var tls = ClusterTls.Load(settings);
        if (tls is not null)
            RequireHttpsDestinations(builder.Configuration);
        builder.Services.AddOfficeMeshBearer(SigningKeys.Load(settings));
        builder.Services.AddOfficeMeshGateway(builder.Configuration, tls is null ? null : tls.ConfigureHttpClient);
        builder.Services.AddOfficeMeshGatewayAudit(audit);
        builder.AddOfficeMeshTelemetry(localApi is null ? "officemesh-gateway" : "officemesh");
        builder.AddOfficeMeshWeb();

        var app = builder.Build();
        app.MapOfficeMeshGateway();
        // The public door's metrics are for operators only.
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(policy => policy.RequireRole(RoleNames.Operator));
        app.MapOfficeMeshWeb();
        return app;
    }

    /// <summary>Silos with the cluster's TLS answer HTTPS only; an http:// destination is a configuration mistake, said at start.</summary>
    private static void RequireHttpsDestinations(IConfiguration configuration)
    {
        foreach (var destination in configuration.GetSection("ReverseProxy:Clusters:silos:Destinations").GetChildren())
        {
            var address = destination["Address"];
            if (address is not null && !address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    $"ReverseProxy:Clusters:silos:Destinations:{destination.Key}:Address is '{address}': with the cluster's TLS, silos are reached at https:// addresses.");
        }
    }
}
