namespace OfficeMesh.Contracts;

/// <summary>The response first given to a create request, replayed for retries with the same key.</summary>
[GenerateSerializer, Immutable, Alias("OfficeMesh.RecordedResponse")]
public sealed record RecordedResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] byte[] Body);

[GenerateSerializer, Alias("OfficeMesh.IdempotencyOutcome")]
public enum IdempotencyOutcome
{
    /// <summary>First time this key is seen: go ahead and record the response after.</summary>
    Proceed,
    /// <summary>The same request was answered before: replay <see cref="IdempotencyCheck.Response"/>.</summary>
    Replay,
    /// <summary>The key was used for a different request body.</summary>
    Mismatch,
    /// <summary>The same key is being handled right now by another request.</summary>
    InFlight,
}

[GenerateSerializer, Immutable, Alias("OfficeMesh.IdempotencyCheck")]
public sealed record IdempotencyCheck(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] RecordedResponse? Response);

/// <summary>One caller's use of one Idempotency-Key. Key: <see cref="GrainKeys.Idempotency"/>.</summary>
[Alias("OfficeMesh.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    [Alias("Begin")]
    Task<IdempotencyCheck> Begin(string requestFingerprint);

    [Alias("Complete")]
    Task Complete(string requestFingerprint, RecordedResponse response);

    /// <summary>The request failed without a response worth keeping; a retry may proceed.</summary>
    [Alias("Abandon")]
    Task Abandon();
}
