using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>An in-flight Idempotency-Key whose request died with its process must not block retries for ever.</summary>
public sealed class IdempotencyLeaseTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(_clock);
            silo.AddMemoryGrainStorage(ProviderNames.GrainStorage);
            // A completed record registers the reminder that deletes it when it expires.
            silo.UseInMemoryReminderService();
            silo.Services.AddOfficeMeshGrains();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_retry_waits_while_the_first_request_may_still_answer_then_takes_over()
    {
        var key = _cluster.Client.GetGrain<IIdempotencyGrain>(GrainKeys.Idempotency("officer", Guid.NewGuid().ToString()));

        Assert.Equal(IdempotencyOutcome.Proceed, (await key.Begin("request")).Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, (await key.Begin("request")).Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, (await key.Begin("another request")).Outcome);

        // The first request's process died: nothing completes or abandons it.
        _clock.Advance(IdempotencyGrain.InFlightLease + TimeSpan.FromSeconds(1));
        Assert.Equal(IdempotencyOutcome.Proceed, (await key.Begin("request")).Outcome);

        await key.Complete("request", new RecordedResponse(201, "application/json", null, [1, 2, 3]));
        var replay = await key.Begin("request");
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal([1, 2, 3], replay.Response!.Body);
    }
}
