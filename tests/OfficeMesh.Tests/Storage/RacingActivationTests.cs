using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OfficeMesh.Api.Http;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Grains.Directory;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Storage;

/// <summary>
/// While a cluster converges, two activations of one grain may live on two silos for a moment; the second to
/// write finds the stored ETag changed under it. Here the other activation's write is made directly in the
/// grain storage, between the grain's read and its write, exactly as it lands in the database.
/// </summary>
public sealed class RacingActivationTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(ProviderNames.GrainStorage);
            silo.AddIncomingGrainCallFilter<StorageConflictFilter>();
            silo.Services.AddOfficeMeshGrains();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private IGrainStorage Storage => _cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderNames.GrainStorage);

    /// <summary>What the other activation does: reads the stored state, changes it, writes it back.</summary>
    private async Task WriteAsOtherActivationAsync<T>(string stateName, IAddressable grain, Action<T> change) where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grain.GetGrainId(), state);
        state.State ??= new T();
        change(state.State);
        await Storage.WriteStateAsync(stateName, grain.GetGrainId(), state);
    }

    [Fact]
    public async Task Two_activations_registering_counties_at_once_both_land_in_the_registry()
    {
        var registry = _cluster.Client.GetGrain<ICountyRegistryGrain>($"registry-{Guid.NewGuid():N}");
        Assert.Empty(await registry.Counties());

        await WriteAsOtherActivationAsync<CountyRegistryState>("county-registry", registry, other => other.Counties.Add("chunan"));
        await registry.Register("jiande");

        Assert.Equal(["chunan", "jiande"], await registry.Counties());
    }

    [Fact]
    public async Task Two_activations_listing_units_at_once_both_land_in_the_directory()
    {
        var directory = _cluster.Client.GetGrain<ICountyDirectoryGrain>($"county-{Guid.NewGuid():N}");
        Assert.Empty(await directory.GetUnits());

        await WriteAsOtherActivationAsync<CountyDirectoryState>("county-directory", directory, other => other.Units["town-a"] = Township("town-a"));
        await directory.List(Township("town-b"));

        Assert.Equal(["town-a", "town-b"], (await directory.GetUnits()).Select(unit => unit.Code));
    }

    [Fact]
    public async Task A_stale_activation_answers_a_transient_failure_and_the_next_call_the_stored_truth()
    {
        var code = $"prov-{Guid.NewGuid():N}";
        var unit = _cluster.Client.GetGrain<IUnitGrain>(code);
        Assert.Null(await unit.Get());
        var registeredElsewhere = new Unit(code, "浙江省委办", UnitKind.UpperOffice, null, UpperLevel.Province, false, null, DateTimeOffset.UtcNow);
        await WriteAsOtherActivationAsync<UnitState>("unit", unit, other => (other.Unit, other.Listed) = (registeredElsewhere, true));

        var registration = new UnitRegistration(code, "另一个省委办", UnitKind.UpperOffice, null, UpperLevel.Province, false);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => unit.Register(registration));
        Assert.True(ProblemExceptionHandler.IsTransient(conflict), "The API answers a storage conflict as a transient state (503).");

        // The stale activation was dropped: the caller's retry meets the unit the other activation registered.
        var retry = await Assert.ThrowsAsync<DomainException>(() => unit.Register(registration));
        Assert.Equal(DomainError.Conflict, retry.Error);
        Assert.Equal("浙江省委办", (await unit.Get())!.Name);
    }

    [Fact]
    public async Task The_API_answers_transient_cluster_states_with_503_and_Retry_After_never_500()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);
        Exception[] transient =
        [
            new InconsistentStateException("ETag mismatch", "stored", "held"),
            new SiloUnavailableException("The silo is gone."),
            new Orleans.Runtime.Messaging.ConnectionFailedException("Connection to the silo was lost."),
            new AggregateException(new InconsistentStateException("ETag mismatch", "stored", "held")),
        ];
        foreach (var exception in transient)
        {
            var context = new DefaultHttpContext { RequestServices = services };
            context.Response.Body = new MemoryStream();
            Assert.True(await handler.TryHandleAsync(context, exception, TestContext.Current.CancellationToken));
            Assert.Equal((int)HttpStatusCode.ServiceUnavailable, context.Response.StatusCode);
            Assert.False(string.IsNullOrEmpty(context.Response.Headers.RetryAfter), $"{exception.GetType().Name} comes with Retry-After.");
        }
    }

    private static Unit Township(string code) => new(code, "乡镇", UnitKind.Township, "county", null, false, "county", DateTimeOffset.UtcNow);
}
