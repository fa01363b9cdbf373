namespace OfficeMesh.Contracts;

/// <summary>Names of the Orleans providers every host registers, so grains and hosts agree on them.</summary>
public static class ProviderNames
{
    /// <summary>The grain storage provider all OfficeMesh grain state lives in.</summary>
    public const string GrainStorage = "officemesh";

    /// <summary>The grain storage for <see cref="IOutboxState"/> states: each write also records what the state owes whom.</summary>
    public const string OutboxStorage = "officemesh-outbox";
}
