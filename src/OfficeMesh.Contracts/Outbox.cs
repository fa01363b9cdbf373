namespace OfficeMesh.Contracts;

/// <summary>
/// A grain state that owes other grains a delivery each time it is written. Storage keeps one outbox row per
/// receiver, in the same transaction as the state, until that receiver has stored what it was sent
/// (<see cref="IOutboxStore.ClearAsync"/>).
/// </summary>
public interface IOutboxState
{
    /// <summary>Keys of the grains this version of the state must reach.</summary>
    IEnumerable<string> Receivers { get; }
}

/// <summary>The outbox rows storage keeps beside <see cref="IOutboxState"/> states.</summary>
public interface IOutboxStore
{
    /// <summary>Keys of the grains whose rows were written longer than <paramref name="age"/> ago, oldest first.</summary>
    Task<IReadOnlyList<string>> OverdueAsync(TimeSpan age, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// <paramref name="receiver"/> has stored these deliveries: removes their rows, each only while the sender's
    /// state still carries the ETag delivered (a newer write keeps its row).
    /// </summary>
    Task ClearAsync(string receiver, IReadOnlyCollection<Delivery> delivered, CancellationToken cancellationToken = default);
}

/// <summary>What a sender delivered: its key and the ETag of the state it delivered from.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.Delivery")]
public sealed record Delivery([property: Id(0)] string Sender, [property: Id(1)] string ETag);
