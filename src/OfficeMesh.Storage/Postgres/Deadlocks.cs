using Npgsql;

namespace OfficeMesh.Storage.Postgres;

/// <summary>
/// PostgreSQL breaks a deadlock by aborting one of the transactions in it. The aborted one changed nothing, so it is
/// simply run again, a few times at most.
/// </summary>
internal static class Deadlocks
{
    private const int Attempts = 5;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> transaction)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction();
            }
            catch (Exception error) when (attempt < Attempts && IsDeadlock(error))
            {
            }
        }
    }

    public static Task RetryAsync(Func<Task> transaction) => RetryAsync(async () =>
    {
        await transaction();
        return true;
    });

    /// <summary>The deadlock itself, or one wrapped to name what failed (the schema scripts do).</summary>
    private static bool IsDeadlock(Exception error) =>
        (error as PostgresException ?? error.InnerException as PostgresException)?.SqlState == PostgresErrorCodes.DeadlockDetected;
}
