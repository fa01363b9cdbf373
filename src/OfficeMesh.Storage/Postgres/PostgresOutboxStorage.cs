using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OfficeMesh.Storage.Postgres;

/// <summary>
/// Grain storage for <see cref="IOutboxState"/> states on OfficeMesh's own tables (deploy/postgres/006-outbox.sql):
/// a write stores the state and its outbox rows in one transaction, and every write waiting when a transaction
/// starts joins it (group commit, no fixed wait). ETags are the row's version, checked as Orleans' providers do.
/// A state not found here is read from <paramref name="legacy"/> (Orleans' provider, where such states lived before),
/// but only while Orleans' table holds any state of that name: on a database that never had one (or no longer has one)
/// a new item's activation costs one read, not two. A state's audit entry (<see cref="IAuditedState"/>) is stored in
/// the same transaction, in the audit log's own table (deploy/postgres/005-audit.sql).
/// </summary>
public sealed class PostgresOutboxStorage(NpgsqlDataSource dataSource, string serviceId, IGrainStorageSerializer serializer,
    IActivatorProvider activators, IGrainStorage legacy) : IGrainStorage, IOutboxStore, IAsyncDisposable
{
    private const string WriteSql = """
        WITH input AS (SELECT * FROM unnest(@names, @keys, @expected, @payloads) AS i(name, key, expected, payload)),
        inserted AS (
            INSERT INTO officemesh_outbox_state (service_id, state_name, grain_key, payload, version)
            SELECT @service, name, key, payload, 1 FROM input WHERE expected IS NULL
            ON CONFLICT DO NOTHING
            RETURNING state_name, grain_key, version),
        updated AS (
            UPDATE officemesh_outbox_state s SET payload = i.payload, version = s.version + 1
              FROM input i
             WHERE i.expected IS NOT NULL AND s.service_id = @service AND s.state_name = i.name AND s.grain_key = i.key AND s.version = i.expected
            RETURNING s.state_name, s.grain_key, s.version),
        written AS (SELECT * FROM inserted UNION ALL SELECT * FROM updated),
        owed AS (
            INSERT INTO officemesh_outbox (service_id, receiver, sender, etag)
            SELECT @service, o.receiver, w.grain_key, w.version::text
              FROM written w JOIN unnest(@owedNames, @owedKeys, @receivers) AS o(name, key, receiver) ON o.name = w.state_name AND o.key = w.grain_key
            ON CONFLICT (service_id, receiver, sender) DO UPDATE SET etag = excluded.etag, written = now()),
        audited AS (
            INSERT INTO officemesh_audit_log (at, actor, action, target, outcome, status, address)
            SELECT a.at, a.actor, a.action, a.target, a.outcome, a.status, a.address
              FROM written w JOIN unnest(@auditNames, @auditKeys, @at, @actor, @action, @target, @outcome, @status, @address)
                   AS a(name, key, at, actor, action, target, outcome, status, address) ON a.name = w.state_name AND a.key = w.grain_key)
        SELECT state_name, grain_key, version FROM written
        """;

    private sealed record Write(string Name, string Key, int? Expected, byte[] Payload, string[] Receivers, AuditEntry? Audit)
    {
        // Completed inline by the writer: what runs there is the rest of WriteStateAsync; the grain resumes on its own scheduler.
        public TaskCompletionSource<int?> Done { get; } = new();
    }

    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;
    /// <summary>Per state name, whether Orleans' table holds states of it; asked once, as nothing writes them there any more.</summary>
    private readonly ConcurrentDictionary<string, bool> _legacyHolds = new();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = StateCommand("SELECT payload, version FROM officemesh_outbox_state", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData((byte[])reader[0]));
            grainState.ETag = reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
            return;
        }
        if (await LegacyHoldsAsync(stateName).ConfigureAwait(false))
            await legacy.ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
        // Its first write here creates the row.
        grainState.ETag = null;
        grainState.State ??= activators.GetActivator<T>().Create();
    }

    private async Task<bool> LegacyHoldsAsync(string stateName)
    {
        if (_legacyHolds.TryGetValue(stateName, out var holds))
            return holds;
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM orleansstorage WHERE serviceid = @service AND graintypestring = @name AND payloadbinary IS NOT NULL)");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("name", stateName);
        holds = (bool)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        _legacyHolds.TryAdd(stateName, holds);
        return holds;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = new Write(stateName, grainId.Key.ToString()!,
            grainState.ETag is { } etag ? int.Parse(etag, System.Globalization.CultureInfo.InvariantCulture) : null,
            serializer.Serialize(grainState.State).ToArray(), [.. ((grainState.State as IOutboxState)?.Receivers ?? []).Distinct()],
            (grainState.State as IAuditedState)?.AuditOnWrite);
        await _queue.Writer.WriteAsync(write).ConfigureAwait(false);
        lock (_queue)
            _writer ??= Task.Run(WriteLoopAsync);
        var version = await write.Done.Task.ConfigureAwait(false)
            ?? throw new InconsistentStateException($"Write of state '{stateName}' for grain {grainId} rejected: its ETag '{grainState.ETag ?? "<none>"}' is stale.",
                null, grainState.ETag);
        grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        if (write.Audit is not null)
            ((IAuditedState)grainState.State!).AuditOnWrite = null;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = StateCommand("DELETE FROM officemesh_outbox_state", stateName, grainId);
        await command.ExecuteNonQueryAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    public async Task<IReadOnlyList<string>> OverdueAsync(TimeSpan age, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT sender FROM officemesh_outbox WHERE service_id = @service AND written <= now() - @age
            GROUP BY sender ORDER BY min(written) LIMIT @limit
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("age", age);
        command.Parameters.AddWithValue("limit", limit);
        var senders = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            senders.Add(reader.GetString(0));
        return senders;
    }

    public async Task ClearAsync(string receiver, IReadOnlyCollection<Delivery> delivered, CancellationToken cancellationToken = default)
    {
        if (delivered.Count == 0)
            return;
        await using var command = dataSource.CreateCommand("""
            DELETE FROM officemesh_outbox o USING unnest(@senders, @etags) AS d(sender, etag)
             WHERE o.service_id = @service AND o.receiver = @receiver AND o.sender = d.sender AND o.etag = d.etag
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("receiver", receiver);
        command.Parameters.Add(Texts("senders", delivered.Select(delivery => delivery.Sender)));
        command.Parameters.Add(Texts("etags", delivered.Select(delivery => delivery.ETag)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
            await _writer;
    }

    /// <summary>One transaction at a time, holding every write queued when it starts.</summary>
    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var keys = new HashSet<(string, string)>();
            // A grain has one write in flight at a time; should one come twice, the second waits for the next batch.
            while (_queue.Reader.TryPeek(out var next) && keys.Add((next.Name, next.Key)) && _queue.Reader.TryRead(out next))
                batch.Add(next);
            try
            {
                var versions = await WriteBatchRetryingDeadlocksAsync(batch);
                foreach (var write in batch)
                    write.Done.SetResult(versions.TryGetValue((write.Name, write.Key), out var version) ? version : null);
            }
            catch (Exception error)
            {
                foreach (var write in batch)
                    write.Done.TrySetException(error);
            }
        }
    }

    /// <summary>
    /// Every silo has its own writer, and while a cluster converges two silos can briefly hold the same grains, so two
    /// transactions may want the same rows. Both lock them in one order (sorted by grain), and should PostgreSQL still
    /// find a deadlock and abort one, that transaction changed nothing and is run again.
    /// </summary>
    private Task<Dictionary<(string, string), int>> WriteBatchRetryingDeadlocksAsync(List<Write> batch)
    {
        batch.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name) is var byName and not 0 ? byName : string.CompareOrdinal(x.Key, y.Key));
        return Deadlocks.RetryAsync(() => WriteBatchAsync(batch));
    }

    private async Task<Dictionary<(string, string), int>> WriteBatchAsync(List<Write> batch)
    {
        await using var command = dataSource.CreateCommand(WriteSql);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.Add(Texts("names", batch.Select(write => write.Name)));
        command.Parameters.Add(Texts("keys", batch.Select(write => write.Key)));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("expected", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. batch.Select(write => write.Expected)] });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. batch.Select(write => write.Payload)] });
        var owed = batch.SelectMany(write => write.Receivers.Select(receiver => (write.Name, write.Key, Receiver: receiver))).ToList();
        command.Parameters.Add(Texts("owedNames", owed.Select(row => row.Name)));
        command.Parameters.Add(Texts("owedKeys", owed.Select(row => row.Key)));
        command.Parameters.Add(Texts("receivers", owed.Select(row => row.Receiver)));
        var audited = batch.Where(write => write.Audit is not null).ToList();
        command.Parameters.Add(Texts("auditNames", audited.Select(write => write.Name)));
        command.Parameters.Add(Texts("auditKeys", audited.Select(write => write.Key)));
        PostgresAuditStore.AddEntries(command, audited.ConvertAll(write => write.Audit!));
        var versions = new Dictionary<(string, string), int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            versions[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return versions;
    }

    /// <summary><paramref name="statement"/> restricted to one grain's state.</summary>
    private NpgsqlCommand StateCommand(string statement, string stateName, GrainId grainId)
    {
        var command = dataSource.CreateCommand(statement + " WHERE service_id = @service AND state_name = @name AND grain_key = @key");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("name", stateName);
        command.Parameters.AddWithValue("key", grainId.Key.ToString()!);
        return command;
    }

    private static NpgsqlParameter<string[]> Texts(string name, IEnumerable<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };
}
