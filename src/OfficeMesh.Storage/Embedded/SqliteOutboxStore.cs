using OfficeMesh.Contracts;

namespace OfficeMesh.Storage.Embedded;

/// <summary>The outbox rows of the embedded store (written by <see cref="SqliteGrainStorage"/> with each state).</summary>
public sealed class SqliteOutboxStore(EmbeddedSqliteDatabase database) : IOutboxStore
{
    public async Task<IReadOnlyList<string>> OverdueAsync(TimeSpan age, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sender FROM outbox WHERE written_ticks <= $before
            GROUP BY sender ORDER BY min(written_ticks) LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$before", (DateTime.UtcNow - age).Ticks);
        command.Parameters.AddWithValue("$limit", limit);
        var senders = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            senders.Add(reader.GetString(0));
        return senders;
    }

    public Task ClearAsync(string receiver, IReadOnlyCollection<Delivery> delivered, CancellationToken cancellationToken = default) =>
        delivered.Count == 0 ? Task.CompletedTask : database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM outbox WHERE receiver = $receiver AND sender = $sender AND etag = $etag;";
            var sender = command.Parameters.Add("$sender", Microsoft.Data.Sqlite.SqliteType.Text);
            var etag = command.Parameters.Add("$etag", Microsoft.Data.Sqlite.SqliteType.Text);
            command.Parameters.AddWithValue("$receiver", receiver);
            foreach (var delivery in delivered)
            {
                (sender.Value, etag.Value) = (delivery.Sender, delivery.ETag);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            return delivered.Count;
        }, cancellationToken);
}
