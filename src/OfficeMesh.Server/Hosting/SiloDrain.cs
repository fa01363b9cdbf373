using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace OfficeMesh.Server.Hosting;

/// <summary>How a clustered silo stops, from <c>OfficeMesh:Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    /// <summary>
    /// How long a stopping silo keeps serving after its readiness turned false, so the gateway's active
    /// health check (every 2 s by default) sees it and stops sending it new requests.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The whole stop (drain delay, requests under way, the silo handing its grains over) must fit in this;
    /// an orchestrator's grace period (Kubernetes' terminationGracePeriodSeconds) must be longer.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(45);
}

/// <summary>
/// A graceful stop (SIGTERM) of a clustered silo, in the order that lets nobody notice: readiness turns
/// false, the silo waits for the gateway to see that, the HTTP server stops taking connections and finishes
/// the requests it holds, and only then does the silo leave the cluster (Orleans hands its grains over).
/// Runs before any hosted service stops, so the silo is still whole while requests finish.
/// </summary>
public sealed class SiloDrain(IServer server, IOptions<ShutdownOptions> options, ILogger<SiloDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    /// <summary>True from the moment the silo was told to stop: readiness answers 503 so the gateway looks elsewhere.</summary>
    public bool Draining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var clock = Stopwatch.StartNew();
        logger.LogWarning("Stopping: readiness is now false; serving on for {DrainDelay} while the gateway takes this silo out of rotation", options.Value.DrainDelay);
        try
        {
            await Task.Delay(options.Value.DrainDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        // Kestrel stops accepting connections and waits for the requests under way (until the shutdown timeout);
        // the web host's own stop later finds it stopped.
        await server.StopAsync(cancellationToken);
        logger.LogWarning("Drained in {Seconds:F1} s: no request under way; the silo now leaves the cluster", clock.Elapsed.TotalSeconds);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
