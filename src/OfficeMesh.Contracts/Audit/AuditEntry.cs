namespace OfficeMesh.Contracts.Audit;

/// <summary>How an audited act ended: done, refused (401, 403, 429: who may not), or failed (any other error).</summary>
public enum AuditOutcome { Success, Refused, Failed }

/// <summary>
/// One act on record (审计日志): who (<see cref="Actor"/>, null when no one was signed in), what
/// (<see cref="Action"/>, e.g. <c>item.review</c>), on what (<see cref="Target"/>, e.g. <c>items/…</c>),
/// how it ended, and from which client address.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string? Target,
    [property: Id(4)] AuditOutcome Outcome,
    [property: Id(5)] int Status,
    [property: Id(6)] string? Address);

/// <summary>
/// A grain state whose write can put the act that changed it on record, in the same transaction as the change: the
/// change and its entry are stored together or not at all, and the caller waits for one durable write, not two.
/// Storage that stored <see cref="AuditOnWrite"/> with the state sets it back to null; one that cannot leaves it, and
/// the entry is then recorded on its own.
/// </summary>
public interface IAuditedState
{
    /// <summary>The entry the next write puts on record (never stored in the state itself).</summary>
    AuditEntry? AuditOnWrite { get; set; }
}

/// <summary>A stored entry with its place in the log, which orders entries of the same instant.</summary>
public sealed record AuditRecord(long Sequence, AuditEntry Entry)
{
    public AuditPosition Position => new(Entry.At, Sequence);
}

/// <summary>Where a page of the log (newest first) ended; the next page starts after it.</summary>
public sealed record AuditPosition(DateTimeOffset At, long Sequence);

/// <summary>
/// A slice of the log, newest first: entries at or after <see cref="From"/> and before <see cref="To"/>, of one
/// actor and of one action or action family (<c>item</c> matches <c>item.create</c>, <c>item.review</c>, …) when given.
/// </summary>
public sealed record AuditQuery(DateTimeOffset From, DateTimeOffset To, string? Actor, string? Action, AuditPosition? After, int Limit);

/// <summary>
/// The append-only audit log in the deployment's own storage (SQLite embedded, PostgreSQL clustered).
/// There is no way to change or remove an entry: the stores refuse it too.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends the entries in one transaction; completes once they are durable.</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditQuery query, CancellationToken cancellationToken);
}

public static class AuditOutcomes
{
    /// <summary>The outcome an HTTP status stands for.</summary>
    public static AuditOutcome ForStatus(int status) => status switch
    {
        < 400 => AuditOutcome.Success,
        401 or 403 or 429 => AuditOutcome.Refused,
        _ => AuditOutcome.Failed,
    };

    /// <summary>Reads back an outcome as the stores keep it (its wire name).</summary>
    public static AuditOutcome Parse(string text) =>
        Wire.TryParse<AuditOutcome>(text, out var outcome) ? outcome : throw new FormatException($"'{text}' is not an audit outcome.");
}
