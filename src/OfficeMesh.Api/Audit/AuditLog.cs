using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OfficeMesh.Api.Auth;
using OfficeMesh.Contracts.Audit;

namespace OfficeMesh.Api.Audit;

/// <summary>Puts acts on record; see <see cref="AuditLog"/>.</summary>
public interface IAuditLog
{
    /// <summary>Records an entry: written to the log at once, and complete once it is durable in the deployment's storage.</summary>
    Task RecordAsync(AuditEntry entry);

    /// <summary>An entry the change stored in its own transaction (<see cref="AuditWithChange"/>): written to the log only.</summary>
    void Logged(AuditEntry entry);

    Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// The audit log (审计日志) of this process. Every entry is first written to the <c>OfficeMesh.Audit</c> log
/// category (operators ship it elsewhere), then stored: one writer takes every entry waiting at that moment and
/// appends them in one batch, so a burst of requests costs one commit, not one each. A recorder that awaits
/// <see cref="RecordAsync(AuditEntry)"/> knows its entry is durable; the HTTP layer awaits it before a response
/// leaves, so nothing a caller was told about is missing from the log.
/// </summary>
public sealed partial class AuditLog : IAuditLog, IAsyncDisposable
{
    public const string LogCategory = "OfficeMesh.Audit";
    private const int MaxBatch = 1_000;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    private readonly IAuditStore _store;
    private readonly ILogger _log;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public AuditLog(IAuditStore store, ILoggerFactory loggers)
    {
        _store = store;
        _log = loggers.CreateLogger(LogCategory);
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task RecordAsync(AuditEntry entry)
    {
        LogEntry(entry.Action, entry.Actor, entry.Target, entry.Outcome, entry.Status, entry.Address, entry.At);
        var pending = new Pending(entry);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(AuditLog), "The audit log is shutting down.");
        return pending.Stored.Task;
    }

    public void Logged(AuditEntry entry) =>
        LogEntry(entry.Action, entry.Actor, entry.Target, entry.Outcome, entry.Status, entry.Address, entry.At);

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken) =>
        _store.ReadAsync(query, cancellationToken);

    /// <summary>Stores what is still waiting, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
                batch.Add(pending);
            try
            {
                await AppendAsync(batch.ConvertAll(pending => pending.Entry));
                foreach (var pending in batch)
                    pending.Stored.TrySetResult();
            }
            catch (Exception error)
            {
                LogNotStored(error, batch.Count);
                foreach (var pending in batch)
                    pending.Stored.TrySetException(error);
            }
        }
    }

    /// <summary>A database that fails over or restarts is retried for a few seconds before the batch is given up.</summary>
    private async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _store.AppendAsync(entries, CancellationToken.None);
                return;
            }
            catch (Exception) when (attempt < RetryDelays.Length)
            {
                await Task.Delay(RetryDelays[attempt]);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Audit {Action} by {Actor} on {Target}: {Outcome} ({Status}) from {Address} at {At:O}")]
    private partial void LogEntry(string action, string? actor, string? target, AuditOutcome outcome, int status, string? address, DateTimeOffset at);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "{Count} audit entries could not be stored; they are in this log only")]
    private partial void LogNotStored(Exception error, int count);

    private sealed record Pending(AuditEntry Entry)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public static class AuditLogExtensions
{
    /// <summary>Longest actor, target or action kept; anything longer is cut (a sign-in may name any username).</summary>
    public const int MaxTextLength = 200;

    /// <summary>Records an act of the signed-in caller of <paramref name="http"/>, from the caller's address, now.</summary>
    public static Task RecordAsync(this IAuditLog audit, HttpContext http, string action, string? target,
        int status = StatusCodes.Status200OK) =>
        audit.RecordAsync(Entry(http, http.User.Identity?.IsAuthenticated == true ? http.User.Username() : null, action, target, status));

    /// <param name="address">The client's address when known better than <see cref="ClientAddress"/> knows it.</param>
    internal static AuditEntry Entry(HttpContext http, string? actor, string action, string? target, int status, string? address = null)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        // PostgreSQL keeps microseconds: cut the rest so an entry reads back exactly as recorded (cursors compare it).
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        return new AuditEntry(now, Cut(actor), Cut(action)!, Cut(target), AuditOutcomes.ForStatus(status), status, address ?? ClientAddress(http));
    }

    /// <summary>
    /// The client's address. Callers reach the API only through the gateway, which sets X-Forwarded-For to the
    /// address it was called from (replacing whatever the client sent), so that header is the client; without
    /// it (a health check, a direct call in the silo role) the connection's own address is.
    /// </summary>
    public static string? ClientAddress(HttpContext http)
    {
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length > 0)
            return Cut(forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim());
        return http.Connection.RemoteIpAddress?.ToString();
    }

    private static string? Cut(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] : text;
}
