using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OfficeMesh.Gateway;

/// <summary>
/// The gateway: the only door for townships, county and upper offices. Routes and silo destinations
/// come from the standard YARP configuration (<c>ReverseProxy:Routes</c>, <c>ReverseProxy:Clusters:silos</c>);
/// in front of the proxy sit token validation, a per-account rate limit and a request body cap, so
/// nothing unauthenticated, flooding or oversized reaches a silo.
/// Token validation itself is registered by the host (it is shared with the API).
/// </summary>
public static class GatewaySetup
{
    public const string RateLimitPolicy = "per-account";
    public const string OperatorPolicy = "operator";
    public const string AdminPolicy = "admin";
    public const string DashboardPolicy = "dashboard";
    private const string OperatorRole = "operator";
    private const string AdminRole = "admin";

    /// <param name="configureSiloConnections">
    /// Sets up the HTTP connections to silos (in a cluster: the certificate the gateway presents and the
    /// silos' certificates it accepts); they also carry the active health checks.
    /// </param>
    public static IServiceCollection AddOfficeMeshGateway(this IServiceCollection services, IConfiguration configuration,
        Action<SocketsHttpHandler>? configureSiloConnections = null)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection("OfficeMesh:Gateway"));
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelBodyLimit>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = GatewayProblems.Localize);
        // Named policies that routes refer to in configuration (ReverseProxy:Routes:*:AuthorizationPolicy).
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, policy => policy.RequireRole(OperatorRole))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole))
            .AddPolicy(DashboardPolicy, policy => policy.RequireRole(OperatorRole, AdminRole));
        var proxy = services.AddReverseProxy().LoadFromConfig(configuration.GetSection("ReverseProxy"));
        proxy.AddSiloRetry();
        if (configureSiloConnections is not null)
            proxy.ConfigureHttpClient((_, handler) => configureSiloConnections(handler));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: GatewayProblems.Pick(rejected.HttpContext,
                    "请求过于频繁，请稍后再试", "This account is sending requests faster than allowed; slow down and retry."))
                    .ExecuteAsync(rejected.HttpContext);
            };
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
                var partition = context.User.Identity?.Name is { } user ? $"account:{user}" : $"address:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    public static WebApplication MapOfficeMeshGateway(this WebApplication app)
    {
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        // The gateway's own liveness; readiness is proxied, so it says whether a silo can serve.
        app.MapGet("/health/live", () => Results.Text("Healthy")).AllowAnonymous();
        app.MapReverseProxy(pipeline =>
        {
            // In front of load balancing, so that each retry picks a silo again.
            pipeline.Use(SiloRetry.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    private sealed class KestrelBodyLimit(IOptions<GatewayOptions> options) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions kestrel) => kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBodyBytes;
    }
}
