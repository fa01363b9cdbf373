using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OfficeMesh.Contracts;
using OfficeMesh.Storage.Postgres;
using OfficeMesh.Tests.Infrastructure;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace OfficeMesh.Tests.Storage;

/// <summary>
/// Runs Orleans' ADO.NET providers against the OfficeMesh PostgreSQL schema on a real server.
/// </summary>
public sealed class PostgresSchemaTests(PostgresServer server)
{
    private const string ConnectionStringKey = "OfficeMesh:Tests:Postgres";
    private const int ActiveSiloStatus = 3;

    // Every key the 10.4.2 clustering, persistence and reminders providers look up, plus the
    // optional ones (DeleteStorageKey, CleanupDefunctSiloEntryKey) this schema also offers.
    private static readonly string[] ExpectedQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "ClearStorageKey",
        "DeleteMembershipTableEntriesKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey",
        "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
        "MembershipReadRowKey", "ReadFromStorageKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        "UpsertReminderRowKey", "WriteToStorageKey",
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Applying_the_schema_concurrently_and_again_leaves_one_complete_query_catalogue()
    {
        var database = await server.CreateDatabaseAsync("schema");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.ApplyAsync(database, Cancellation))));
        await PostgresSchema.ApplyAsync(database, Cancellation);

        var keys = await QueryListAsync<string>(database, "SELECT querykey FROM orleansquery ORDER BY querykey");
        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(["001-queries.sql", "002-clustering.sql", "003-persistence.sql", "004-reminders.sql", "005-audit.sql", "006-outbox.sql"],
            PostgresSchema.ScriptNames.Select(name => name["OfficeMesh.Storage.Postgres.".Length..]));
    }

    [Fact]
    public async Task Silos_form_a_cluster_through_the_membership_table()
    {
        var database = await CreateSchemaDatabaseAsync("membership");
        var cluster = await StartClusterAsync(database, serviceId: NewId(), clusterId: NewId(), silos: 2);
        try
        {
            var activeSilos = await QueryListAsync<string>(database,
                "SELECT siloname FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = @active",
                ("cluster", cluster.Options.ClusterId), ("active", ActiveSiloStatus));
            var tableVersion = await QueryListAsync<int>(database,
                "SELECT version FROM orleansmembershipversiontable WHERE deploymentid = @cluster",
                ("cluster", cluster.Options.ClusterId));

            var secondsSinceHeartbeat = await QueryListAsync<double>(database,
                "SELECT abs(extract(epoch FROM now() - iamalivetime))::float8 FROM orleansmembershiptable WHERE deploymentid = @cluster",
                ("cluster", cluster.Options.ClusterId));

            Assert.Equal(2, activeSilos.Count);
            // Instants must land as the right UTC instant, even on a server whose time zone is not UTC.
            Assert.All(secondsSinceHeartbeat, seconds => Assert.True(seconds < 300, $"IAmAliveTime is {seconds} s away from now"));
            // Each silo inserted its row and then moved it through Joining to Active, bumping the version each time.
            Assert.True(Assert.Single(tableVersion) >= 4, $"table version {tableVersion[0]}");
            // The client found its gateways through the same table.
            Assert.Equal(1, await cluster.Client.GetGrain<IPostgresCounterGrain>("membership").IncrementAsync());
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Grain_state_survives_a_cluster_restart()
    {
        var database = await CreateSchemaDatabaseAsync("restart");
        var serviceId = NewId();
        var clusterId = NewId();

        var firstRun = await StartClusterAsync(database, serviceId, clusterId, silos: 1);
        try
        {
            var counter = firstRun.Client.GetGrain<IPostgresCounterGrain>("survivor");
            await counter.IncrementAsync();
            Assert.Equal(2, await counter.IncrementAsync());
        }
        finally
        {
            await firstRun.StopAllSilosAsync(Cancellation);
            await firstRun.DisposeAsync();
        }

        var storedVersions = await QueryListAsync<int>(database,
            "SELECT version FROM orleansstorage WHERE serviceid = @service AND grainidextensionstring = 'survivor'",
            ("service", serviceId));
        Assert.Equal(2, Assert.Single(storedVersions));

        var secondRun = await StartClusterAsync(database, serviceId, clusterId, silos: 1);
        try
        {
            Assert.Equal(2, await secondRun.Client.GetGrain<IPostgresCounterGrain>("survivor").GetAsync());
        }
        finally
        {
            await secondRun.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cleanup_removes_dead_silos_and_keeps_live_ones()
    {
        const int deadSiloStatus = 6;
        var database = await CreateSchemaDatabaseAsync("cleanup");
        var serviceId = NewId();
        var clusterId = NewId();

        var firstRun = await StartClusterAsync(database, serviceId, clusterId, silos: 1);
        await firstRun.StopAllSilosAsync(Cancellation);
        await firstRun.DisposeAsync();

        var secondRun = await StartClusterAsync(database, serviceId, clusterId, silos: 1);
        try
        {
            const string statusesSql = "SELECT status FROM orleansmembershiptable WHERE deploymentid = @cluster ORDER BY status";
            Assert.Equal([ActiveSiloStatus, deadSiloStatus], await QueryListAsync<int>(database, statusesSql, ("cluster", clusterId)));

            var silo = (InProcessSiloHandle)secondRun.Silos[0];
            var membershipTable = silo.SiloHost.Services.GetRequiredService<IMembershipTable>();
            await membershipTable.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(1), Cancellation);

            Assert.Equal([ActiveSiloStatus], await QueryListAsync<int>(database, statusesSql, ("cluster", clusterId)));
        }
        finally
        {
            await secondRun.DisposeAsync();
        }
    }

    [Fact]
    public async Task Grain_storage_rejects_writes_with_a_stale_etag()
    {
        var database = await CreateSchemaDatabaseAsync("etag");
        var cluster = await StartClusterAsync(database, NewId(), NewId(), silos: 1);
        try
        {
            var silo = (InProcessSiloHandle)cluster.Silos[0];
            var storage = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(ProviderNames.GrainStorage);
            var grainId = GrainId.Create("etagprobe", "probe");
            const string stateName = "probe";

            var firstState = new PostgresCounterState { Count = 1 };
            var first = new GrainState<PostgresCounterState>(firstState);
            await storage.WriteStateAsync(stateName, grainId, first);
            var etagAfterFirstWrite = first.ETag;
            Assert.False(string.IsNullOrEmpty(etagAfterFirstWrite));

            firstState.Count = 2;
            await storage.WriteStateAsync(stateName, grainId, first);
            Assert.NotEqual(etagAfterFirstWrite, first.ETag);

            // A writer that still holds the first ETag lost the race and must be told so.
            var stale = new GrainState<PostgresCounterState>(new PostgresCounterState { Count = 99 }) { ETag = etagAfterFirstWrite };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(stateName, grainId, stale));

            // So must a writer that believes the grain has no state yet.
            var unaware = new GrainState<PostgresCounterState>(new PostgresCounterState { Count = 7 });
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(stateName, grainId, unaware));

            var reread = new GrainState<PostgresCounterState>();
            await storage.ReadStateAsync(stateName, grainId, reread);
            Assert.NotNull(reread.State);
            Assert.Equal(2, reread.State.Count);
            Assert.Equal(first.ETag, reread.ETag);
            Assert.True(reread.RecordExists);

            // Clearing with a stale ETag fails too; with the current one it succeeds and a later read finds no state.
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(stateName, grainId, stale));
            await storage.ClearStateAsync(stateName, grainId, reread);
            var afterClear = new GrainState<PostgresCounterState>();
            await storage.ReadStateAsync(stateName, grainId, afterClear);
            Assert.False(afterClear.RecordExists);
            Assert.NotNull(afterClear.State);
            Assert.Equal(0, afterClear.State.Count);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_registered_reminder_is_stored_fires_and_can_be_removed()
    {
        var database = await CreateSchemaDatabaseAsync("reminders");
        var serviceId = NewId();
        var cluster = await StartClusterAsync(database, serviceId, NewId(), silos: 1);
        try
        {
            var grainKey = $"reminder-{Guid.NewGuid():N}";
            var fired = ReminderTicks.WaitAsync(grainKey, "wake-up");

            await cluster.Client.GetGrain<IPostgresReminderGrain>(grainKey).RegisterAsync("wake-up", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

            var periods = await QueryListAsync<long>(database,
                "SELECT period FROM orleansreminderstable WHERE serviceid = @service AND remindername = 'wake-up' AND grainid LIKE @grain",
                ("service", serviceId), ("grain", $"%{grainKey}"));
            var secondsFromStart = await QueryListAsync<double>(database,
                "SELECT abs(extract(epoch FROM now() - starttime))::float8 FROM orleansreminderstable WHERE serviceid = @service",
                ("service", serviceId));
            Assert.Equal(60_000L, Assert.Single(periods));
            Assert.True(Assert.Single(secondsFromStart) < 300, $"reminder start is {secondsFromStart[0]} s away from now");

            await fired.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);

            await cluster.Client.GetGrain<IPostgresReminderGrain>(grainKey).UnregisterAsync("wake-up");
            Assert.Empty(await QueryListAsync<long>(database,
                "SELECT period FROM orleansreminderstable WHERE serviceid = @service", ("service", serviceId)));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private async Task<string> CreateSchemaDatabaseAsync(string prefix)
    {
        var database = await server.CreateDatabaseAsync(prefix);
        await PostgresSchema.ApplyAsync(database, Cancellation);
        return database;
    }

    private static async Task<TestCluster> StartClusterAsync(string database, string serviceId, string clusterId, short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = clusterId;
        // The point is to use the PostgreSQL membership table, not the test cluster's in-memory one.
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ConnectionStringKey] = database;
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClientConfigurator>();

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static async Task<List<T>> QueryListAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new List<T>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }
        return rows;
    }

    private sealed class PostgresSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.UseOfficeMeshPostgres(siloBuilder.Configuration[ConnectionStringKey]!, ProviderNames.GrainStorage);
    }

    private sealed class PostgresClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = PostgresSiloBuilderExtensions.NpgsqlInvariant;
                options.ConnectionString = configuration[ConnectionStringKey];
            });
    }
}
