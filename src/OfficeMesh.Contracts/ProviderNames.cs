namespace OfficeMesh.Contracts;

/// <summary>Names of the Orleans providers every host registers, so grains and hosts agree on them.</summary>
public static class ProviderNames
{
    /// <summary>The grain storage provider all OfficeMesh grain state lives in.</summary>
    public const string GrainStorage = "officemesh";
}
