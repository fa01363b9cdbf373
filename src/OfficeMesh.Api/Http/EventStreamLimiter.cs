using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OfficeMesh.Api.Http;

/// <summary><c>OfficeMesh:Streams</c>: concurrent event streams an account may hold open, and each stream's queue.</summary>
public sealed class EventStreamOptions
{
    public int MaxPerAccount { get; set; } = 3;
    /// <summary>Events a stream holds for a client that reads too slowly; beyond it the stream is closed and the client reconnects.</summary>
    public int QueueCapacity { get; set; } = 256;
}

/// <summary>
/// Caps the event streams (server-sent events) one account holds open on this silo, whichever stream they are:
/// each open stream holds a subscription, a queue and a connection, so an account opening hundreds would cost the
/// server far more than it costs the caller. Take a slot with <see cref="TryOpen"/> and dispose it when the stream ends.
/// </summary>
public sealed class EventStreamLimiter(IOptions<EventStreamOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int QueueCapacity => options.Value.QueueCapacity;

    /// <summary>A slot for one more stream of <paramref name="username"/>, or null when the account has its maximum open.</summary>
    public IDisposable? TryOpen(string username)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(username);
            if (current >= options.Value.MaxPerAccount)
                return null;
            if (current == 0 ? _open.TryAdd(username, 1) : _open.TryUpdate(username, current + 1, current))
                return new Slot(this, username);
        }
    }

    private void Close(string username)
    {
        while (true)
        {
            var current = _open[username];
            if (current == 1 ? _open.TryRemove(new KeyValuePair<string, int>(username, 1)) : _open.TryUpdate(username, current - 1, current))
                return;
        }
    }

    private sealed class Slot(EventStreamLimiter limiter, string username) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                limiter.Close(username);
        }
    }
}
