namespace OfficeMesh.Contracts;

/// <summary>How a secret item reached its reader: opened, listed, or through the duty room's feed or stream.</summary>
[GenerateSerializer, Alias("OfficeMesh.SecretReadPath")]
public enum SecretReadPath
{
    Item,
    List,
    DutyList,
    DutyStream,
}

/// <summary>One read of a secret item: who, when, and how.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.SecretRead")]
public sealed record SecretRead(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] SecretReadPath Via);

/// <summary>
/// Every read of one secret item (保密: who read it is always known). Kept apart from the item, so the item
/// and its responses stay the same size however often it is read. Key: <see cref="GrainKeys.SecretReads"/>.
/// </summary>
[Alias("OfficeMesh.ISecretReadLogGrain")]
public interface ISecretReadLogGrain : IGrainWithStringKey
{
    /// <summary>
    /// The one place a secret read is recorded, stored before it returns: whatever shows a secret item to someone
    /// calls this first.
    /// </summary>
    [Alias("Record")]
    Task Record(string actor, SecretReadPath via);

    /// <summary>Reads, oldest first, from position <paramref name="skip"/>.</summary>
    [Alias("Reads")]
    Task<IReadOnlyList<SecretRead>> Reads(int skip, int limit);
}
