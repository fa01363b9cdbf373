using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OfficeMesh.Api.Audit;
using OfficeMesh.Contracts.Audit;
using Xunit;

namespace OfficeMesh.Tests.Http;

/// <summary>The audit log's writer: entries reach operators' logs at once, and a recorder is answered only once its entry is stored.</summary>
public sealed class AuditLogWriterTests
{
    private static AuditEntry Entry(string action, string target) =>
        new(DateTimeOffset.UtcNow, "zhang-wei", action, target, AuditOutcome.Success, 201, "10.1.2.3");

    [Fact]
    public async Task Every_entry_goes_to_the_OfficeMesh_Audit_log_with_its_fields()
    {
        var logs = new CapturingLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var store = new GatedStore();
        store.Release();
        await using var audit = new AuditLog(store, loggers);

        await audit.RecordAsync(Entry("item.create", "items/abc"));

        var logged = Assert.Single(logs.Entries, entry => entry.Category == AuditLog.LogCategory);
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Equal("item.create", logged.Fields["Action"]);
        Assert.Equal("zhang-wei", logged.Fields["Actor"]);
        Assert.Equal("items/abc", logged.Fields["Target"]);
        Assert.Equal("10.1.2.3", logged.Fields["Address"]);
    }

    [Fact]
    public async Task A_recorder_waits_until_its_entry_is_stored_and_waiting_entries_are_stored_together()
    {
        using var loggers = LoggerFactory.Create(_ => { });
        var store = new GatedStore();
        await using var audit = new AuditLog(store, loggers);

        var first = audit.RecordAsync(Entry("unit.create", "units/a"));
        await store.FirstAppendStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var waiting = Enumerable.Range(0, 20).Select(index => audit.RecordAsync(Entry("account.create", $"accounts/u{index}"))).ToList();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(first.IsCompleted, "Answered before the entry was stored.");
        Assert.DoesNotContain(waiting, recorded => recorded.IsCompleted);

        store.Release();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(21, store.Stored.Count);
        Assert.Equal(2, store.Appends);
    }

    private sealed class GatedStore : IAuditStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstAppendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<AuditEntry> Stored { get; } = new();

        private int _appends;

        public int Appends => Volatile.Read(ref _appends);

        public void Release() => _gate.TrySetResult();

        public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _appends);
            FirstAppendStarted.TrySetResult();
            await _gate.Task;
            foreach (var entry in entries)
                Stored.Enqueue(entry);
        }

        public Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class CapturingLogs : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, Dictionary<string, object?> Fields)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, CapturingLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((category, logLevel,
                    (state as IEnumerable<KeyValuePair<string, object?>> ?? []).ToDictionary(pair => pair.Key, pair => pair.Value)));
        }
    }
}
