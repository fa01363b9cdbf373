using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace OfficeMesh.Server.Hosting;

/// <summary>
/// Ready once this silo is an active member of its cluster, and no longer once it has been told to stop
/// (so the gateway takes it out of rotation before it goes); needs no database round trip.
/// </summary>
public sealed class SiloReadyCheck(ISiloStatusOracle membership, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(services.GetService<SiloDrain>() is { Draining: true }
            ? HealthCheckResult.Unhealthy("Silo is stopping.")
            : membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Silo is {membership.CurrentStatus}."));
}
