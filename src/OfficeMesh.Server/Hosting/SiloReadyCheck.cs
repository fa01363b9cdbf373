using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace OfficeMesh.Server.Hosting;

/// <summary>Ready once this silo is an active member of its cluster; needs no database round trip.</summary>
public sealed class SiloReadyCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Silo is {membership.CurrentStatus}."));
}
