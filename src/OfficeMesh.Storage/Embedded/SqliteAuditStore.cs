using Microsoft.Data.Sqlite;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Storage.Embedded;

/// <summary>
/// The audit log in the embedded store's <c>audit_log</c> table. Appends join the store's group commit
/// (<see cref="EmbeddedSqliteDatabase.WriteAsync{T}"/>), so they cost no fsync of their own.
/// </summary>
public sealed class SqliteAuditStore(EmbeddedSqliteDatabase database) : IAuditStore
{
    private const string InsertSql = """
        INSERT INTO audit_log (at_utc_ticks, actor, action, target, outcome, status, address)
        VALUES ($at, $actor, $action, $target, $outcome, $status, $address);
        """;

    private const string SelectSql = """
        SELECT sequence, at_utc_ticks, actor, action, target, outcome, status, address FROM audit_log
        WHERE at_utc_ticks >= $from AND at_utc_ticks < $to
          AND ($actor IS NULL OR actor = $actor)
          AND ($action IS NULL OR action = $action OR substr(action, 1, length($action) + 1) = $action || '.')
          AND ($afterAt IS NULL OR at_utc_ticks < $afterAt OR (at_utc_ticks = $afterAt AND sequence < $afterSequence))
        ORDER BY at_utc_ticks DESC, sequence DESC
        LIMIT $limit;
        """;

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, entries);
            return true;
        }, cancellationToken);

    /// <summary>Inserts the entries in a write transaction already open (also used by grain state writes).</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AuditEntry> entries)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var actor = command.Parameters.Add("$actor", SqliteType.Text);
        var action = command.Parameters.Add("$action", SqliteType.Text);
        var target = command.Parameters.Add("$target", SqliteType.Text);
        var outcome = command.Parameters.Add("$outcome", SqliteType.Text);
        var status = command.Parameters.Add("$status", SqliteType.Integer);
        var address = command.Parameters.Add("$address", SqliteType.Text);
        foreach (var entry in entries)
        {
            at.Value = entry.At.UtcTicks;
            actor.Value = (object?)entry.Actor ?? DBNull.Value;
            action.Value = entry.Action;
            target.Value = (object?)entry.Target ?? DBNull.Value;
            outcome.Value = Wire.Name(entry.Outcome);
            status.Value = entry.Status;
            address.Value = (object?)entry.Address ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SelectSql;
        command.Parameters.AddWithValue("$from", query.From.UtcTicks);
        command.Parameters.AddWithValue("$to", query.To.UtcTicks);
        command.Parameters.AddWithValue("$actor", (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("$action", (object?)query.Action ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterAt", (object?)query.After?.At.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("$afterSequence", (object?)query.After?.Sequence ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AuditRows.ReadAsync(reader, row => new DateTimeOffset(row.GetInt64(1), TimeSpan.Zero), cancellationToken);
    }
}
