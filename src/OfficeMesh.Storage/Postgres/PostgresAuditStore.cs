using Npgsql;
using NpgsqlTypes;
using OfficeMesh.Contracts;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Storage.Postgres;

/// <summary>
/// The audit log in PostgreSQL's <c>officemesh_audit_log</c> (deploy/postgres/005-audit.sql), shared by every
/// silo of the cluster. A batch of entries is one INSERT of arrays, so it is one round trip and one commit.
/// </summary>
public sealed class PostgresAuditStore(string connectionString) : IAuditStore, IAsyncDisposable
{
    private const string InsertSql = """
        INSERT INTO officemesh_audit_log (at, actor, action, target, outcome, status, address)
        SELECT * FROM unnest(@at, @actor, @action, @target, @outcome, @status, @address)
        """;

    private const string SelectSql = """
        SELECT sequence, at, actor, action, target, outcome, status, address FROM officemesh_audit_log
        WHERE at >= @from AND at < @to
          AND (@actor::text IS NULL OR actor = @actor)
          AND (@action::text IS NULL OR action = @action OR starts_with(action, @action || '.'))
          AND (@afterAt::timestamptz IS NULL OR (at, sequence) < (@afterAt, @afterSequence))
        ORDER BY at DESC, sequence DESC
        LIMIT @limit
        """;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresSiloBuilderExtensions.Tuned(connectionString));

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(InsertSql);
        AddEntries(command, entries);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The entries as the arrays @at, @actor, @action, @target, @outcome, @status and @address (also used by item writes).</summary>
    internal static void AddEntries(NpgsqlCommand command, IReadOnlyList<AuditEntry> entries)
    {
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. entries.Select(entry => entry.At.UtcDateTime)] });
        command.Parameters.Add(Texts("actor", entries.Select(entry => entry.Actor)));
        command.Parameters.Add(Texts("action", entries.Select(entry => entry.Action)));
        command.Parameters.Add(Texts("target", entries.Select(entry => entry.Target)));
        command.Parameters.Add(Texts("outcome", entries.Select(entry => Wire.Name(entry.Outcome))));
        command.Parameters.Add(new NpgsqlParameter<int[]>("status", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. entries.Select(entry => entry.Status)] });
        command.Parameters.Add(Texts("address", entries.Select(entry => entry.Address)));
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(SelectSql);
        command.Parameters.AddWithValue("from", query.From.UtcDateTime);
        command.Parameters.AddWithValue("to", query.To.UtcDateTime);
        command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = (object?)query.Actor ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = (object?)query.Action ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterAt", NpgsqlDbType.TimestampTz) { Value = (object?)query.After?.At.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("afterSequence", NpgsqlDbType.Bigint) { Value = (object?)query.After?.Sequence ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", query.Limit);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AuditRows.ReadAsync(reader, row => new DateTimeOffset(row.GetFieldValue<DateTime>(1), TimeSpan.Zero), cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static NpgsqlParameter<string?[]> Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };
}
