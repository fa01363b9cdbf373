using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// Storage providers may serialize a state off the grain's turn (Orleans' ADO.NET provider does, after its
/// first await). A reentrant index partition, receiving a flood of updates while it
/// writes, must hand storage data that nobody changes underneath it.
/// </summary>
public sealed class ConcurrentStateWriteTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage, SerializeLaterStorage>(ProviderNames.GrainStorage);
            silo.Services.AddOfficeMeshGrains();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_partition_under_a_flood_of_updates_stores_every_write()
    {
        const int waves = 12, perWave = 250;
        var index = _cluster.Client.GetGrain<IItemIndexGrain>(GrainKeys.CountyItems("flood", DateTimeOffset.UtcNow));
        // Waves over a few seconds, so the partition's timed summary writes run in the middle of the flood too.
        for (var wave = 0; wave < waves; wave++)
        {
            await Task.WhenAll(Enumerable.Range(wave * perWave, perWave).Select(async i =>
            {
                var id = $"item{i:D5}";
                await index.Upsert(new ItemSummary(id, "town", "flood", "t", Topic.Focus, ItemKind.Dynamic, Classification.Public, ItemStatus.Submitted,
                    DateTimeOffset.UtcNow, null, null, [], [], [], 1), new Delivery(id, "1"));
            }));
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        var listed = await index.Query(null, new ItemQuery(null, null, null, null, null), null, 10_000);
        Assert.Equal(waves * perWave, listed.Count);
    }

    /// <summary>
    /// Like Orleans' ADO.NET provider: yields first, then serializes the state on a pool thread; it walks the
    /// partition's collections slowly, as a large state would take, so a change underneath cannot slip by.
    /// </summary>
    private sealed class SerializeLaterStorage : IGrainStorage
    {
        private readonly Dictionary<(string, GrainId), string> _stored = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await Task.Delay(1).ConfigureAwait(false);
            foreach (var property in grainState.State!.GetType().GetProperties())
            {
                if (property.GetValue(grainState.State) is System.Collections.IEnumerable items and not string)
                    WalkSlowly(items.Cast<object>());
            }
            var json = JsonSerializer.Serialize(grainState.State);
            lock (_stored)
                _stored[(stateName, grainId)] = json;
            grainState.ETag = Guid.NewGuid().ToString("N");
            grainState.RecordExists = true;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        private static void WalkSlowly<T>(IEnumerable<T> items)
        {
            foreach (var _ in items)
                Thread.SpinWait(2_000);
        }
    }
}
