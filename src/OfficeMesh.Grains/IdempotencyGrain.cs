using OfficeMesh.Contracts;

namespace OfficeMesh.Grains;

[GenerateSerializer, Alias("OfficeMesh.IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public RecordedResponse? Response { get; set; }
}

/// <summary>
/// Remembers the first answer to one caller's Idempotency-Key. Orleans runs one call at a time per
/// grain, so two concurrent retries cannot both proceed. The in-flight mark is deliberately not
/// stored, and it is only a lease: if the process serving the request dies (this grain may live on
/// another silo), nothing was acknowledged, and after <see cref="InFlightLease"/> a retry takes over.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", ProviderNames.GrainStorage)] IPersistentState<IdempotencyState> state,
    TimeProvider clock)
    : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan InFlightLease = TimeSpan.FromSeconds(10);
    private string? _inFlightFingerprint;
    private DateTimeOffset _inFlightSince;

    public Task<IdempotencyCheck> Begin(string requestFingerprint)
    {
        if (state.State.Response is { } recorded)
        {
            var outcome = state.State.Fingerprint == requestFingerprint ? IdempotencyOutcome.Replay : IdempotencyOutcome.Mismatch;
            return Task.FromResult(new IdempotencyCheck(outcome, outcome == IdempotencyOutcome.Replay ? recorded : null));
        }
        if (_inFlightFingerprint is not null && clock.GetUtcNow() - _inFlightSince < InFlightLease)
        {
            var outcome = _inFlightFingerprint == requestFingerprint ? IdempotencyOutcome.InFlight : IdempotencyOutcome.Mismatch;
            return Task.FromResult(new IdempotencyCheck(outcome, null));
        }
        _inFlightFingerprint = requestFingerprint;
        _inFlightSince = clock.GetUtcNow();
        return Task.FromResult(new IdempotencyCheck(IdempotencyOutcome.Proceed, null));
    }

    public async Task Complete(string requestFingerprint, RecordedResponse response)
    {
        _inFlightFingerprint = null;
        state.State.Fingerprint = requestFingerprint;
        state.State.Response = response;
        await state.WriteStateAsync();
    }

    public Task Abandon()
    {
        _inFlightFingerprint = null;
        return Task.CompletedTask;
    }
}
