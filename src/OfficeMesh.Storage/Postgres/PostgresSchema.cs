using System.Reflection;
using Npgsql;

namespace OfficeMesh.Storage.Postgres;

/// <summary>
/// Creates or updates the PostgreSQL schema that Orleans' ADO.NET clustering, persistence and
/// reminders providers need. The SQL lives in deploy/postgres and is embedded in this assembly.
/// </summary>
public static class PostgresSchema
{
    private const string ResourcePrefix = "OfficeMesh.Storage.Postgres.";

    // Any fixed value works as long as every OfficeMesh process uses the same one.
    private const long SchemaLockKey = 0x4F66_6669_6365_4D65;

    /// <summary>Names of the embedded scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(PostgresSchema).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Applies every embedded script in name order. The scripts are idempotent, so this runs at
    /// every start.
    /// </summary>
    /// <remarks>
    /// "CREATE ... IF NOT EXISTS" and "CREATE OR REPLACE" are not safe against each other when
    /// several silos start at once (they race on the system catalogs and fail with unique
    /// violations or "tuple concurrently updated"). So all scripts run in one transaction that
    /// first takes a transaction-scoped advisory lock: concurrent callers queue up, and a failure
    /// leaves the schema as it was. A silo that starts while others serve can meet their writes on the same tables
    /// (a trigger or function replaced while an item's write holds the audit log and waits for the outbox); should
    /// PostgreSQL abort the scripts' transaction as a deadlock, nothing was changed and it runs again.
    /// </remarks>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (ScriptNames.Count == 0)
        {
            throw new InvalidOperationException($"No embedded PostgreSQL scripts named {ResourcePrefix}*.sql were found in {typeof(PostgresSchema).Assembly.GetName().Name}.");
        }

        await Deadlocks.RetryAsync(() => ApplyOnceAsync(connectionString, cancellationToken));
    }

    private static async Task ApplyOnceAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            takeLock.Parameters.AddWithValue("key", SchemaLockKey);
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var scriptName in ScriptNames)
        {
            await using var script = new NpgsqlCommand(await ReadScriptAsync(scriptName, cancellationToken), connection, transaction);
            try
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception)
            {
                throw new InvalidOperationException($"Applying schema script {scriptName} failed: {exception.MessageText}", exception);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<string> ReadScriptAsync(string resourceName, CancellationToken cancellationToken)
    {
        await using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded script {resourceName} is missing.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
