using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OfficeMesh.Storage.Embedded;

/// <summary>
/// Group commit for the embedded store. SQLite admits one writer at a time, and every durable commit
/// costs an fsync; writers that each take the lock wait in SQLite's busy handler, which sleeps in growing
/// steps. Here one writer connection takes every write waiting at that moment, runs them in one
/// transaction and commits once: a burst of N writes costs one fsync, and a write never sleeps for the lock.
/// A write is acknowledged only after the commit that contains it; a write whose own check fails (an ETag
/// mismatch) fails alone, before it changed anything.
/// </summary>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly Func<CancellationToken, Task<SqliteConnection>> _openConnection;
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteWriteQueue(Func<CancellationToken, Task<SqliteConnection>> openConnection)
    {
        _openConnection = openConnection;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work)
    {
        var queued = new QueuedWrite<T>(work);
        if (!_queue.Writer.TryWrite(queued))
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "The embedded store is shutting down.");
        return queued.Result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<QueuedWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var queued))
                batch.Add(queued);
            try
            {
                connection ??= await _openConnection(CancellationToken.None);
                await using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    foreach (var queued in batch)
                        await queued.RunAsync(connection, transaction);
                    await transaction.CommitAsync();
                }
                foreach (var queued in batch)
                    queued.Acknowledge();
            }
            catch (Exception error)
            {
                foreach (var queued in batch)
                    queued.Fail(error);
                // A connection that failed mid-transaction is not reused.
                if (connection is not null)
                    await connection.DisposeAsync();
                connection = null;
            }
        }
        if (connection is not null)
            await connection.DisposeAsync();
    }

    private abstract class QueuedWrite
    {
        public abstract Task RunAsync(SqliteConnection connection, SqliteTransaction transaction);
        public abstract void Acknowledge();
        public abstract void Fail(Exception error);
    }

    private sealed class QueuedWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work) : QueuedWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private Exception? _ownError;

        public Task<T> Result => _completion.Task;

        public override async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            try
            {
                _value = await work(connection, transaction);
            }
            catch (Exception error) when (error is not SqliteException)
            {
                // The write's own refusal (e.g. an ETag mismatch), raised before it changed anything.
                _ownError = error;
            }
        }

        public override void Acknowledge()
        {
            if (_ownError is not null)
                _completion.TrySetException(_ownError);
            else
                _completion.TrySetResult(_value!);
        }

        public override void Fail(Exception error) => _completion.TrySetException(error);
    }
}
