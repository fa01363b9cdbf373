using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace OfficeMesh.Storage.Embedded;

/// <summary>
/// Orleans reminder table on the embedded SQLite database. Rows are keyed by (service id, grain id, reminder name)
/// and carry the grain's uniform hash so a silo can read the ring range it owns.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string SelectColumns = "grain_id, reminder_name, start_at_utc_ticks, period_ticks, etag";

    private const string SelectByGrainSql =
        $"SELECT {SelectColumns} FROM reminders WHERE service_id = $serviceId AND grain_id = $grainId;";

    private const string SelectOneSql =
        $"SELECT {SelectColumns} FROM reminders WHERE service_id = $serviceId AND grain_id = $grainId AND reminder_name = $reminderName;";

    // Orleans' ring ranges are (begin, end]; when begin >= end the range wraps past uint.MaxValue back to zero.
    private const string SelectHashRangeSql =
        $"SELECT {SelectColumns} FROM reminders WHERE service_id = $serviceId AND grain_hash > $begin AND grain_hash <= $end;";

    private const string SelectWrappedHashRangeSql =
        $"SELECT {SelectColumns} FROM reminders WHERE service_id = $serviceId AND (grain_hash > $begin OR grain_hash <= $end);";

    private const string UpsertSql = """
        INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at_utc_ticks, period_ticks, etag)
        VALUES ($serviceId, $grainId, $reminderName, $grainHash, $startAtUtcTicks, $periodTicks, $etag)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET
            grain_hash = excluded.grain_hash,
            start_at_utc_ticks = excluded.start_at_utc_ticks,
            period_ticks = excluded.period_ticks,
            etag = excluded.etag;
        """;

    private const string DeleteIfETagMatchesSql = """
        DELETE FROM reminders
        WHERE service_id = $serviceId AND grain_id = $grainId AND reminder_name = $reminderName AND etag = $etag;
        """;

    private const string DeleteAllForServiceSql = "DELETE FROM reminders WHERE service_id = $serviceId;";

    private readonly EmbeddedSqliteDatabase _database;
    private readonly string _serviceId;

    public SqliteReminderTable(EmbeddedSqliteDatabase database, IOptions<ClusterOptions> clusterOptions)
    {
        _database = database;
        _serviceId = clusterOptions.Value.ServiceId;
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _database.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
        => QueryAsync(SelectByGrainSql, parameters => parameters.AddWithValue("$grainId", grainId.ToString()), cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var sql = begin < end ? SelectHashRangeSql : SelectWrappedHashRangeSql;
        return QueryAsync(
            sql,
            parameters =>
            {
                parameters.AddWithValue("$begin", (long)begin);
                parameters.AddWithValue("$end", (long)end);
            },
            cancellationToken);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            SelectOneSql,
            parameters =>
            {
                parameters.AddWithValue("$grainId", grainId.ToString());
                parameters.AddWithValue("$reminderName", reminderName);
            },
            cancellationToken);
        return rows.Reminders.SingleOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var newETag = Guid.NewGuid().ToString("N");

        await _database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = CreateCommand(connection, UpsertSql, transaction);
            command.Parameters.AddWithValue("$grainId", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$reminderName", entry.ReminderName);
            command.Parameters.AddWithValue("$grainHash", (long)entry.GrainId.GetUniformHashCode());
            command.Parameters.AddWithValue("$startAtUtcTicks", ToUtc(entry.StartAt).Ticks);
            command.Parameters.AddWithValue("$periodTicks", entry.Period.Ticks);
            command.Parameters.AddWithValue("$etag", newETag);
            return await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, cancellationToken);

        return newETag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
        => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        return await _database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = CreateCommand(connection, DeleteIfETagMatchesSql, transaction);
            command.Parameters.AddWithValue("$grainId", grainId.ToString());
            command.Parameters.AddWithValue("$reminderName", reminderName);
            command.Parameters.AddWithValue("$etag", eTag);
            return await command.ExecuteNonQueryAsync(CancellationToken.None) == 1;
        }, cancellationToken);
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, DeleteAllForServiceSql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ReminderTableData> QueryAsync(
        string sql,
        Action<SqliteParameterCollection> addParameters,
        CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, sql);
        addParameters(command.Parameters);

        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(entries);
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$serviceId", _serviceId);
        return command;
    }

    // Reminder times are compared across restarts, so store one unambiguous clock.
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
