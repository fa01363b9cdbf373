using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Storage.Embedded;

/// <summary>
/// Orleans grain storage on the embedded SQLite database, with the optimistic concurrency Orleans providers use:
/// every write and clear must present the ETag of the stored record (null when there is none),
/// otherwise it fails with <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
/// <remarks>
/// ETags are random GUIDs rather than counters so that a record cleared (deleted) and later re-created
/// never reuses an ETag a stale activation may still hold.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string SelectStateSql = """
        SELECT payload, etag FROM grain_state
        WHERE grain_type = $grainType AND grain_key = $grainKey AND state_name = $stateName;
        """;

    private const string SelectETagSql = """
        SELECT etag FROM grain_state
        WHERE grain_type = $grainType AND grain_key = $grainKey AND state_name = $stateName;
        """;

    private const string InsertStateSql = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, etag, modified_utc)
        VALUES ($grainType, $grainKey, $stateName, $payload, $etag, $modifiedUtc);
        """;

    private const string UpdateStateSql = """
        UPDATE grain_state SET payload = $payload, etag = $etag, modified_utc = $modifiedUtc
        WHERE grain_type = $grainType AND grain_key = $grainKey AND state_name = $stateName;
        """;

    private const string DeleteStateSql = """
        DELETE FROM grain_state
        WHERE grain_type = $grainType AND grain_key = $grainKey AND state_name = $stateName;
        """;

    private const string OweSql = """
        INSERT OR REPLACE INTO outbox (receiver, sender, etag, written_ticks) VALUES ($receiver, $grainKey, $etag, $ticks);
        """;

    private readonly string _name;
    private readonly EmbeddedSqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger<SqliteGrainStorage> _logger;

    public SqliteGrainStorage(
        string name,
        EmbeddedSqliteDatabase database,
        IGrainStorageSerializer serializer,
        IActivatorProvider activatorProvider,
        ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _database = database;
        _serializer = serializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = CreateKeyedCommand(connection, null, SelectStateSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        if (await reader.ReadAsync(cancellationToken))
        {
            var payload = (byte[])reader["payload"];
            grainState.State = _serializer.Deserialize<T>(new BinaryData(payload)) ?? CreateEmptyState<T>();
            grainState.ETag = reader.GetString(1);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = CreateEmptyState<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        // Serialize before taking the write lock so the lock is held only for the database work.
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var newETag = CreateETag();

        var presentedETag = grainState.ETag;
        // The act that changed the state goes on record in the same transaction (IAuditedState).
        var audit = (grainState.State as IAuditedState)?.AuditOnWrite;
        // The ETag check and the write run inside the store's write transaction, under its one write lock.
        await _database.WriteAsync(async (connection, transaction) =>
        {
            var storedETag = await ReadStoredETagAsync(connection, transaction, stateName, grainId, CancellationToken.None);
            ThrowIfETagMismatch("Write", stateName, grainId, storedETag, presentedETag);

            await using var command = CreateKeyedCommand(
                connection, transaction, storedETag is null ? InsertStateSql : UpdateStateSql, stateName, grainId);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$etag", newETag);
            command.Parameters.AddWithValue("$modifiedUtc", DateTime.UtcNow.ToString("O"));
            var written = await command.ExecuteNonQueryAsync(CancellationToken.None);
            // The state's outbox rows go in the same transaction: stored together or not at all.
            foreach (var receiver in (grainState.State as IOutboxState)?.Receivers ?? [])
            {
                await using var owe = CreateKeyedCommand(connection, transaction, OweSql, stateName, grainId);
                owe.Parameters.AddWithValue("$receiver", receiver);
                owe.Parameters.AddWithValue("$etag", newETag);
                owe.Parameters.AddWithValue("$ticks", DateTime.UtcNow.Ticks);
                await owe.ExecuteNonQueryAsync(CancellationToken.None);
            }
            if (audit is not null)
                await SqliteAuditStore.InsertAsync(connection, transaction, [audit]);
            return written;
        }, cancellationToken);

        grainState.ETag = newETag;
        grainState.RecordExists = true;
        if (audit is not null)
            ((IAuditedState)grainState.State!).AuditOnWrite = null;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var presentedETag = grainState.ETag;
        await _database.WriteAsync(async (connection, transaction) =>
        {
            var storedETag = await ReadStoredETagAsync(connection, transaction, stateName, grainId, CancellationToken.None);
            ThrowIfETagMismatch("Clear", stateName, grainId, storedETag, presentedETag);
            if (storedETag is null)
                return 0;
            await using var command = CreateKeyedCommand(connection, transaction, DeleteStateSql, stateName, grainId);
            return await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, cancellationToken);

        // The row is gone, so the next write is a create and must carry a null ETag.
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = CreateEmptyState<T>();
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        // Open the file and create the schema while the silo starts, so a bad data directory stops the
        // silo instead of failing the first grain that touches state.
        lifecycle.Subscribe(
            $"{nameof(SqliteGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            cancellationToken => _database.EnsureCreatedAsync(cancellationToken));
    }

    private static async Task<string?> ReadStoredETagAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string stateName,
        GrainId grainId,
        CancellationToken cancellationToken)
    {
        await using var command = CreateKeyedCommand(connection, transaction, SelectETagSql, stateName, grainId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private void ThrowIfETagMismatch(string operation, string stateName, GrainId grainId, string? storedETag, string? presentedETag)
    {
        if (string.Equals(storedETag, presentedETag, StringComparison.Ordinal))
        {
            return;
        }

        LogETagMismatch(operation, _name, grainId, stateName, storedETag, presentedETag);
        throw new InconsistentStateException(
            $"{operation} of state '{stateName}' for grain {grainId} in storage '{_name}' rejected: " +
            $"stored ETag '{storedETag ?? "<none>"}' does not match presented ETag '{presentedETag ?? "<none>"}'.",
            storedETag,
            presentedETag);
    }

    private static SqliteCommand CreateKeyedCommand(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string sql,
        string stateName,
        GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$grainType", grainId.Type.ToString());
        command.Parameters.AddWithValue("$grainKey", grainId.Key.ToString());
        command.Parameters.AddWithValue("$stateName", stateName);
        return command;
    }

    private T CreateEmptyState<T>() => _activatorProvider.GetActivator<T>().Create();

    private static string CreateETag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Operation} rejected by storage {StorageName} for grain {GrainId} state {StateName}: stored ETag {StoredETag}, presented {PresentedETag}")]
    private partial void LogETagMismatch(
        string operation, string storageName, GrainId grainId, string stateName, string? storedETag, string? presentedETag);
}
