using Microsoft.Extensions.DependencyInjection;
using OfficeMesh.Contracts;
using OfficeMesh.Grains;
using OfficeMesh.Grains.Information;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Information;

/// <summary>
/// An index partition stores its summaries in pages and rewrites only the pages that changed, so a month with
/// tens of thousands of items costs a page per write, not the month; a new activation reads every page back.
/// Announcements are stored before an item may go on, and cleared once their summaries are stored.
/// </summary>
public sealed class SummaryPageTests
{
    private static readonly DateTimeOffset Month = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_partition_stores_changed_pages_only_and_reads_every_page_back()
    {
        var storage = new RecordingStorage();
        var key = GrainKeys.CountyItems("paged", Month);
        const int count = SummaryPartition.PageSize * 2 + 50;

        await using (var cluster = await StartAsync(storage))
        {
            var index = cluster.Client.GetGrain<IItemIndexGrain>(key);
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await index.Expect(Id(i), 1);
                await index.Upsert(Summary(i, 1, ItemStatus.Submitted));
            }));
            await storage.WaitUntilAsync(() => storage.Stored($"item-index-2").Count == 50);
            var pages = Enumerable.Range(0, 3).Select(page => $"item-index-{page}").ToList();
            Assert.Equal(count, pages.Sum(page => storage.Stored(page).Count));

            // Pages fill in arrival order; accepting one item rewrites the page that holds it and no other.
            var holder = pages.Single(page => storage.Stored(page).Any(item => item.Id == Id(5)));
            var writesBefore = pages.ToDictionary(page => page, storage.Writes);
            await index.Expect(Id(5), 2);
            // The announcement is stored before Expect returns, so a crash from here on is repaired from it.
            Assert.Contains(Buckets(storage), bucket => bucket.TryGetValue(Id(5), out var pending) && pending.Version == 2);
            await index.Upsert(Summary(5, 2, ItemStatus.Accepted));
            await storage.WaitUntilAsync(() => storage.Stored(holder).Any(item => item.Id == Id(5) && item.Version == 2));
            foreach (var page in pages.Where(page => page != holder))
                Assert.Equal(writesBefore[page], storage.Writes(page));
            Assert.Equal(SummaryPartition.PageSize, storage.Stored("item-index-0").Count);

            // Once the summaries covering them are stored, the announcements are cleared.
            await storage.WaitUntilAsync(() => Buckets(storage).All(bucket => bucket.Count == 0));
        }

        // A fresh cluster on the same storage: the partition is read back from its pages alone.
        await using (var cluster = await StartAsync(storage))
        {
            var listed = await cluster.Client.GetGrain<IItemIndexGrain>(key).Query(null, new ItemQuery(null, null, null, null, null), null, 10_000);
            Assert.Equal(count, listed.Count);
            Assert.Equal(count, listed.Select(item => item.Id).Distinct().Count());
            Assert.Equal(ItemStatus.Accepted, listed.Single(item => item.Id == Id(5)).Status);
        }
    }

    private static IEnumerable<Dictionary<string, PendingChange>> Buckets(RecordingStorage storage) =>
        Enumerable.Range(0, AnnouncementLog.BucketCount).Select(bucket => storage.Get<PendingChanges>($"item-index-pending-{bucket}")?.Items ?? []);

    private static async Task<InProcessTestCluster> StartAsync(RecordingStorage storage)
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

    /// <summary>Keeps states by reference (each write hands storage a fresh snapshot) and counts writes per state.</summary>
    private sealed class RecordingStorage : IGrainStorage
    {
        private readonly Dictionary<string, (object State, int Writes)> _states = [];

        public IReadOnlyList<ItemSummary> Stored(string stateName)
        {
            lock (_states)
                return _states.TryGetValue(stateName, out var entry) ? ((SummaryPage)entry.State).Items : [];
        }

        public T? Get<T>(string stateName) where T : class
        {
            lock (_states)
                return _states.TryGetValue(stateName, out var entry) ? (T)entry.State : null;
        }

        public int Writes(string stateName)
        {
            lock (_states)
                return _states.TryGetValue(stateName, out var entry) ? entry.Writes : 0;
        }

        public async Task WaitUntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "the partition did not store its summaries within 15 s");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            lock (_states)
            {
                if (_states.TryGetValue(stateName, out var entry))
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
                var writes = _states.TryGetValue(stateName, out var entry) ? entry.Writes : 0;
                if (grainState.ETag != (writes == 0 ? null : writes.ToString()))
                    throw new InconsistentStateException($"stale ETag for {stateName}");
                _states[stateName] = (grainState.State!, writes + 1);
                grainState.ETag = (writes + 1).ToString();
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
