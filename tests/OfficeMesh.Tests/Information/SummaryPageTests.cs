using Microsoft.Extensions.DependencyInjection;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// A month with many items is listed whole after a restart on the same storage, each item once and as last changed.
/// </summary>
public sealed class SummaryPageTests
{
    private static readonly DateTimeOffset Month = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_partition_of_many_items_is_read_back_whole_and_current_after_a_restart()
    {
        var storage = new MemoryStorage();
        var key = GrainKeys.CountyItems("paged", Month);
        const int count = 250;

        await using (var cluster = await StartAsync(storage))
        {
            var index = cluster.Client.GetGrain<IItemIndexGrain>(key);
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => index.Upsert(Summary(i, 1, ItemStatus.Submitted), new Delivery(Id(i), "1"))));
            await index.Upsert(Summary(5, 2, ItemStatus.Accepted), new Delivery(Id(5), "2"));
            // An older version arriving late changes nothing.
            await index.Upsert(Summary(5, 1, ItemStatus.Submitted), new Delivery(Id(5), "1"));
        }

        // A fresh cluster on the same storage: the partition is read back from what it stored.
        await using (var cluster = await StartAsync(storage))
        {
            var listed = await cluster.Client.GetGrain<IItemIndexGrain>(key).Query(null, new ItemQuery(null, null, null, null, null), null, 10_000);
            Assert.Equal(count, listed.Count);
            Assert.Equal(count, listed.Select(item => item.Id).Distinct().Count());
            Assert.Equal(ItemStatus.Accepted, listed.Single(item => item.Id == Id(5)).Status);
        }
    }

    private static async Task<InProcessTestCluster> StartAsync(MemoryStorage storage)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.GrainStorage, storage);
            silo.Services.AddOfficeMeshGrains();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }

    private static string Id(int number) => $"item{number:D5}";

    private static ItemSummary Summary(int number, int version, ItemStatus status) =>
        new(Id(number), "town", "paged", $"title {number}", Topic.Focus, ItemKind.Dynamic, Classification.Public, status,
            Month.AddMinutes(number), null, null, [], [], [], version);

    /// <summary>Keeps states by reference (each write hands storage a fresh snapshot), with ETag checks.</summary>
    private sealed class MemoryStorage : IGrainStorage
    {
        private readonly Dictionary<(string, GrainId), (object State, int Writes)> _states = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (_states)
            {
                if (_states.TryGetValue((stateName, grainId), out var entry))
                {
                    grainState.State = (T)entry.State;
                    grainState.ETag = entry.Writes.ToString();
                    grainState.RecordExists = true;
                }
            }
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (_states)
            {
                var writes = _states.TryGetValue((stateName, grainId), out var entry) ? entry.Writes : 0;
                if (grainState.ETag != (writes == 0 ? null : writes.ToString()))
                    throw new InconsistentStateException($"stale ETag for {stateName}");
                _states[(stateName, grainId)] = (grainState.State!, writes + 1);
                grainState.ETag = (writes + 1).ToString();
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
