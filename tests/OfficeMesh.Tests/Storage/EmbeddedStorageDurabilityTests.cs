using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OfficeMesh.Storage.Embedded;
using Orleans;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Storage;

/// <summary>What single-machine mode promises: state and reminders outlive the silo process that wrote them.</summary>
public sealed class EmbeddedStorageDurabilityTests : IDisposable
{
    private readonly TemporaryDataDirectory _dataDirectory = new();

    // The same service id across restarts, as a real deployment keeps it; reminders are scoped by it.
    private readonly string _serviceId = $"durability-{Guid.NewGuid():N}";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _dataDirectory.Dispose();

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) => silo.UseOfficeMeshEmbeddedStorage(_dataDirectory.Path));
        var cluster = builder.Build();
        await cluster.DeployAsync(Cancellation);
        return cluster;
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart_on_the_same_data_directory()
    {
        var grainKey = Guid.NewGuid().ToString("N");

        await using (var firstRun = await StartClusterAsync())
        {
            await firstRun.Client.GetGrain<IDurableNoteGrain>(grainKey).SetTextAsync("written before restart");
            await firstRun.StopAllSilosAsync(Cancellation);
        }

        Assert.True(File.Exists(Path.Combine(_dataDirectory.Path, EmbeddedSqliteDatabase.FileName)));

        await using var secondRun = await StartClusterAsync();
        Assert.Equal("written before restart", await secondRun.Client.GetGrain<IDurableNoteGrain>(grainKey).GetTextAsync());
    }

    [Fact]
    public async Task Reminder_registered_before_a_restart_is_still_registered_after_it()
    {
        var grainKey = Guid.NewGuid().ToString("N");

        await using (var firstRun = await StartClusterAsync())
        {
            var grain = firstRun.Client.GetGrain<IDurableNoteGrain>(grainKey);
            await grain.RegisterReminderAsync("nightly-digest");
            Assert.True(await grain.HasReminderAsync("nightly-digest"));
            await firstRun.StopAllSilosAsync(Cancellation);
        }

        await using var secondRun = await StartClusterAsync();
        var restartedGrain = secondRun.Client.GetGrain<IDurableNoteGrain>(grainKey);
        Assert.True(await restartedGrain.HasReminderAsync("nightly-digest"));
        Assert.False(await restartedGrain.HasReminderAsync("never-registered"));

        var reminderTable = secondRun.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var rows = await reminderTable.ReadRows(restartedGrain.GetGrainId(), Cancellation);
        Assert.Equal("nightly-digest", Assert.Single(rows.Reminders).ReminderName);
    }

    [Fact]
    public async Task Database_connections_use_wal_and_synchronous_full()
    {
        using var database = new EmbeddedSqliteDatabase(_dataDirectory.Path, NullLogger<EmbeddedSqliteDatabase>.Instance);
        await using var connection = await database.OpenConnectionAsync(Cancellation);

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync(Cancellation));
        // 2 is FULL: every commit is fsynced before it is acknowledged.
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, await command.ExecuteScalarAsync(Cancellation));
    }
}
