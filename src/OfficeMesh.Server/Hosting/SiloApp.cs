using System.Net;
using System.Security.Cryptography;
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
        if (internalOnly)
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

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
            // The dashboard samples Orleans' counters on this period through its own meter provider, and two of
            // them (activations, directory cache size) walk every activation: with 300,000 activations one sample
            // costs seconds of CPU, so at Orleans' default of 1 s it took a fifth of a loaded silo.
            var dashboardPeriod = builder.Configuration.GetValue("OfficeMesh:Dashboard:CounterPeriod", TimeSpan.FromMinutes(1));
            silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = (int)dashboardPeriod.TotalMilliseconds);
            // Reminders may tick faster than Orleans' default minimum when configured so (tests, small deployments).
            var reminderPeriod = builder.Configuration.GetValue("OfficeMesh:Supervision:ReminderPeriod", TimeSpan.FromMinutes(1));
            silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminderPeriod.Ticks, reminders.MinimumReminderPeriod.Ticks)));
            if (settings.Storage == StorageProvider.Postgres)
            {
                silo.ConfigureEndpoints(settings.ResolveAdvertisedAddress(), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
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
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.UseOfficeMeshEmbeddedStorage(settings.DataDirectory, ProviderNames.GrainStorage);
            }
        });

        var app = builder.Build();
        app.MapOfficeMeshApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(policy => policy.RequireRole(RoleNames.Operator));
        // A silo's own port is internal: Prometheus scrapes it directly, without a token.
        if (!internalOnly)
            app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

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
