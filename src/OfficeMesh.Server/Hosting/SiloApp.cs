using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;
using OfficeMesh.Api;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Grains.Directory;
using OfficeMesh.Grains.Supervision;
using OfficeMesh.Storage.Embedded;
using OfficeMesh.Storage.Postgres;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace OfficeMesh.Server.Hosting;

/// <summary>A silo with the HTTP API in the same process: the API calls grains without a network hop.</summary>
public static class SiloApp
{
    /// <param name="internalOnly">Listen on a free loopback port only (the all-in-one role, behind its own gateway).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, bool internalOnly)
    {
        var builder = HostBuilders.Create(args);
        var settings = ServerSettings.Read(builder.Configuration);
        var tls = ClusterTls.Load(settings);
        if (internalOnly)
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        else if (tls is not null)
            ServeApiOverMutualTls(builder, tls, settings.HealthPort);

        builder.Services.AddOfficeMeshGrains();
        builder.Services.AddOfficeMeshApi(SigningKeys.Load(settings));
        builder.Services.AddHealthChecks().AddCheck<SiloReadyCheck>("silo", tags: ["ready"]);
        if (!internalOnly)
            builder.AddOfficeMeshTelemetry("officemesh-silo");

        if (settings.Storage == StorageProvider.Postgres)
            await ApplySchemaAsync(settings.RequiredConnectionString());

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = settings.ClusterId;
                cluster.ServiceId = settings.ServiceId;
            });
            silo.AddStartupTask<DeadlineCatchUp>();
            // Idle grains leave memory after this long (Orleans' collection age); state stays in storage.
            if (builder.Configuration.GetValue<TimeSpan?>("OfficeMesh:Cluster:GrainIdleTimeout") is { } idle)
                silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = idle);
            silo.AddActivityPropagation();
            silo.AddIncomingGrainCallFilter<StorageConflictFilter>();
            // The dashboard samples Orleans' counters on this period through its own meter provider, and two of
            // them (activations, directory cache size) walk every activation: with 300,000 activations one sample
            // costs seconds of CPU, so at Orleans' default of 1 s it took a fifth of a loaded silo.
            var dashboardPeriod = builder.Configuration.GetValue("OfficeMesh:Dashboard:CounterPeriod", TimeSpan.FromMinutes(1));
            silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = (int)dashboardPeriod.TotalMilliseconds);
            // Reminders may tick faster than Orleans' default minimum when configured so (tests, small deployments).
            var reminderPeriod = builder.Configuration.GetValue("OfficeMesh:Supervision:ReminderPeriod", TimeSpan.FromMinutes(1));
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminderPeriod.Ticks, reminders.MinimumReminderPeriod.Ticks)));
            if (tls is not null)
                silo.UseTls(tls.ConfigureOrleans);
            if (settings.Storage == StorageProvider.Postgres)
            {
                // The all-in-one role is one process: its silo talks to nobody else, so it listens on loopback only.
                if (internalOnly)
                    silo.ConfigureEndpoints(IPAddress.Loopback, settings.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: false);
                else
                    silo.ConfigureEndpoints(settings.ResolveAdvertisedAddress(), settings.SiloPort, settings.ClientGatewayPort, listenOnAnyHostAddress: true);
                // In Kubernetes: pod identity and cluster ids from the downward API, and dead silos' pods deleted.
                if (builder.Configuration.GetValue("OfficeMesh:Cluster:Kubernetes", false))
                    silo.UseKubernetesHosting();
                silo.UseOfficeMeshPostgres(settings.RequiredConnectionString());
                // Declare a killed silo dead within seconds, so its grains come back elsewhere quickly.
                silo.Configure<ClusterMembershipOptions>(membership =>
                {
                    membership.ProbeTimeout = TimeSpan.FromSeconds(2);
                    membership.NumMissedProbesLimit = 2;
                    membership.NumVotesForDeathDeclaration = 1;
                });
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, internalOnly ? 0 : settings.ClientGatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.UseOfficeMeshEmbeddedStorage(settings.DataDirectory, ProviderNames.GrainStorage);
            }
        });

        // Registered after the silo so that it runs first when stopping (hosted services stop in reverse order).
        if (!internalOnly)
            AddGracefulStop(builder);

        var app = builder.Build();
        if (tls is not null)
            app.Use(ProbesOnlyWithoutTls);
        app.MapOfficeMeshApi();
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        MapDashboard(app);
        // Prometheus scrapes a silo's own port directly, without a token: with the cluster's TLS, only a scraper
        // holding a cluster certificate gets through the handshake.
        if (!internalOnly)
            app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>
    /// SIGTERM drains the silo (<see cref="SiloDrain"/>) within <c>OfficeMesh:Shutdown:Timeout</c>. The all-in-one
    /// role has its gateway in the same process, so there is nobody to drain towards.
    /// </summary>
    private static void AddGracefulStop(WebApplicationBuilder builder)
    {
        var shutdown = builder.Configuration.GetSection("OfficeMesh:Shutdown");
        builder.Services.AddOptions<ShutdownOptions>().Bind(shutdown);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.GetValue("Timeout", new ShutdownOptions().Timeout));
        builder.Services.AddSingleton<SiloDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SiloDrain>());
    }

    private const string LivePath = "/health/live";
    private const string ReadyPath = "/health/ready";

    /// <summary>
    /// The API (and /health) on the HTTPS addresses of <c>--urls</c>, each demanding a cluster certificate
    /// from the caller; the probes alone also on <c>OfficeMesh:Cluster:HealthPort</c>, in plain HTTP, for
    /// orchestrators that cannot present one.
    /// </summary>
    private static void ServeApiOverMutualTls(WebApplicationBuilder builder, ClusterTls tls, int? healthPort)
    {
        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0 || urls.Any(url => !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException(
                $"With the cluster's TLS a silo serves its API over HTTPS only: give --urls (ASPNETCORE_URLS) https:// addresses, got '{string.Join(';', urls)}'. " +
                "Probes without a certificate use OfficeMesh:Cluster:HealthPort.");
        if (healthPort is { } port)
            builder.WebHost.UseUrls([.. urls, $"http://+:{port}"]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(tls.ConfigureHttpsServer));
    }

    /// <summary>The plain-HTTP health port answers the probes and nothing else.</summary>
    private static Task ProbesOnlyWithoutTls(HttpContext context, Func<Task> next)
    {
        if (context.Request.IsHttps || context.Request.Path == LivePath || context.Request.Path == ReadyPath)
            return next();
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The Orleans Dashboard for operators and admins; its grain-state page (any grain's stored state, secret
    /// items included) and its live log stream for admins only.
    /// </summary>
    private static void MapDashboard(WebApplication app)
    {
        var dashboard = app.MapOrleansDashboard(routePrefix: "/dashboard")
            .RequireAuthorization(policy => policy.RequireRole(RoleNames.Operator, RoleNames.Admin));
        ((IEndpointConventionBuilder)dashboard).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && AdminOnlyDashboardPages.Any(page => pattern.EndsWith(page, StringComparison.OrdinalIgnoreCase)))
                endpoint.Metadata.Add(new AuthorizeAttribute { Roles = RoleNames.Admin });
        });
    }

    private static readonly string[] AdminOnlyDashboardPages = ["/GrainState", "/Trace"];

    /// <summary>Creates the first admin account on the first start of a deployment.</summary>
    public static async Task EnsureBootstrapAdminAsync(WebApplication app)
    {
        var settings = ServerSettings.Read(app.Configuration);
        var password = settings.BootstrapAdminPassword;
        if (password is not null && password.Length < AccountRules.MinPasswordLength)
            throw new InvalidOperationException($"OfficeMesh:Bootstrap:AdminPassword must be at least {AccountRules.MinPasswordLength} characters.");

        var generated = password is null;
        password ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var created = await grains.GetGrain<IAccountGrain>(GrainKeys.Account(AccountGrain.BootstrapAdminUsername)).EnsureAdmin(password);
        if (created && generated)
            Console.WriteLine($"OfficeMesh: created the first admin account. Username: {AccountGrain.BootstrapAdminUsername}  Password: {password}  (shown only this once)");
    }

    /// <summary>Waits for PostgreSQL to accept connections (it may start after us), then applies the schema.</summary>
    private static async Task ApplySchemaAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await PostgresSchema.ApplyAsync(connectionString);
                return;
            }
            catch (NpgsqlException error) when (error.IsTransient && DateTime.UtcNow < deadline)
            {
                Console.Error.WriteLine($"OfficeMesh: PostgreSQL not reachable yet ({error.Message}); retrying.");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
