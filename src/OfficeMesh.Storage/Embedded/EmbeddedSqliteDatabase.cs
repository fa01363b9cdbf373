using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OfficeMesh.Storage.Embedded;

/// <summary>
/// The single SQLite file (<c>officemesh.db</c>) that holds grain state, reminders and the audit log in single-machine mode.
/// Owns the connection settings that make an acknowledged write durable, and creates the schema once.
/// </summary>
public sealed partial class EmbeddedSqliteDatabase : IDisposable
{
    public const string FileName = "officemesh.db";

    /// <summary>Bumped whenever the schema below changes, so a future version can tell which migrations to run.</summary>
    private const int SchemaVersion = 2;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type    TEXT NOT NULL,
            grain_key     TEXT NOT NULL,
            state_name    TEXT NOT NULL,
            payload       BLOB NOT NULL,
            etag          TEXT NOT NULL,
            modified_utc  TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS reminders (
            service_id          TEXT    NOT NULL,
            grain_id            TEXT    NOT NULL,
            reminder_name       TEXT    NOT NULL,
            grain_hash          INTEGER NOT NULL,
            start_at_utc_ticks  INTEGER NOT NULL,
            period_ticks        INTEGER NOT NULL,
            etag                TEXT    NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        ) WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS reminders_by_service_and_hash ON reminders (service_id, grain_hash);

        -- The outbox: what a stored state still owes each receiver, written with the state (see SqliteGrainStorage).
        CREATE TABLE IF NOT EXISTS outbox (
            receiver       TEXT    NOT NULL,
            sender         TEXT    NOT NULL,
            etag           TEXT    NOT NULL,
            written_ticks  INTEGER NOT NULL,
            PRIMARY KEY (receiver, sender)
        ) WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS outbox_by_time ON outbox (written_ticks);

        -- The audit log (version 2): append-only, so the triggers refuse any change or removal of an entry.
        CREATE TABLE IF NOT EXISTS audit_log (
            sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
            at_utc_ticks  INTEGER NOT NULL,
            actor         TEXT    NULL,
            action        TEXT    NOT NULL,
            target        TEXT    NULL,
            outcome       TEXT    NOT NULL,
            status        INTEGER NOT NULL,
            address       TEXT    NULL
        );

        CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (at_utc_ticks, sequence);
        CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor, at_utc_ticks, sequence);

        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """;

    private readonly string _connectionString;
    private readonly ILogger<EmbeddedSqliteDatabase> _logger;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private readonly SqliteWriteQueue _writes;
    private volatile bool _schemaReady;

    public EmbeddedSqliteDatabase(string dataDirectory, ILogger<EmbeddedSqliteDatabase> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.GetFullPath(dataDirectory);
        FilePath = Path.Combine(DataDirectory, FileName);
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite also retries SQLITE_BUSY until the command timeout runs out.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _writes = new SqliteWriteQueue(OpenConfiguredConnectionAsync);
    }

    public string DataDirectory { get; }

    /// <summary>
    /// Runs <paramref name="work"/> inside the shared write transaction of the next group commit (see
    /// <see cref="SqliteWriteQueue"/>); completes once that transaction is committed.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await _writes.WriteAsync(work);
    }

    public string FilePath { get; }

    /// <summary>Creates the data directory, the database file and the schema if they are missing. Safe to call repeatedly.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            OwnerOnlyFiles.CreateDirectory(DataDirectory);
            // SQLite gives its -wal and -shm files the database file's permissions, so creating it owner-only first covers them.
            OwnerOnlyFiles.CreateOrRestrict(FilePath);
            await using var connection = await OpenConfiguredConnectionAsync(cancellationToken);

            // WAL is a property of the file, so setting it once is enough; it must be checked because
            // SQLite silently keeps the old mode where WAL is unsupported (e.g. some network file systems).
            var journalMode = await ExecuteScalarAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
            if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite refused WAL journal mode for '{FilePath}' (got '{journalMode}'); the embedded store needs it.");
            }

            await using (var transaction = connection.BeginTransaction())
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = CreateSchemaSql + $"PRAGMA user_version = {SchemaVersion};";
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            // Stores from before files were owner-only may have left wider ones behind.
            foreach (var companion in new[] { FilePath + "-wal", FilePath + "-shm" })
                OwnerOnlyFiles.Restrict(companion);
            _schemaReady = true;
            LogDatabaseReady(FilePath);
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>Opens a (pooled) connection with the durability settings applied. The caller disposes it.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        return await OpenConfiguredConnectionAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConfiguredConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // synchronous is per connection, not per file: FULL makes every commit fsync the WAL, so an
            // acknowledged write survives kill -9 and power loss (NORMAL, the usual WAL choice, does not).
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<object?> ExecuteScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Closes the pooled connections so the file is released (and the WAL checkpointed) when the silo shuts down.</summary>
    public void Dispose()
    {
        _writes.DisposeAsync().AsTask().GetAwaiter().GetResult();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _schemaLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded SQLite store ready at {FilePath}")]
    private partial void LogDatabaseReady(string filePath);
}
