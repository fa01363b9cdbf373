using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;

namespace OfficeMesh.Grains;

/// <summary>How long a first answer is kept for retries (<c>OfficeMesh:Idempotency:Lifetime</c>).</summary>
public sealed class IdempotencyOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);
}

[GenerateSerializer, Alias("OfficeMesh.IdempotencyState")]
public sealed class IdempotencyState
{
    /// <summary>A keyed hash of the request (see the API's IdempotencyMiddleware), never the body or its plain hash.</summary>
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public RecordedResponse? Response { get; set; }
    [Id(2)] public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// Remembers the first answer to one caller's Idempotency-Key, for <see cref="IdempotencyOptions.Lifetime"/>.
/// Orleans runs one call at a time per grain, so two concurrent retries cannot both proceed. The in-flight mark is
/// deliberately not stored, and it is only a lease: if the process serving the request dies (this grain may live on
/// another silo), nothing was acknowledged, and after <see cref="InFlightLease"/> a retry takes over.
/// An expired record is treated as absent at once and deleted by a reminder, so the store does not keep it.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", ProviderNames.GrainStorage)] IPersistentState<IdempotencyState> state,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock)
    : Grain, IIdempotencyGrain, IRemindable
{
    public static readonly TimeSpan InFlightLease = TimeSpan.FromSeconds(10);
    private const string ExpiryReminder = "expire";
    private static readonly TimeSpan ShortestReminderPeriod = TimeSpan.FromMinutes(1);
    private string? _inFlightFingerprint;
    private DateTimeOffset _inFlightSince;

    private TimeSpan Lifetime => options.Value.Lifetime;

    public async Task<IdempotencyCheck> Begin(string requestFingerprint)
    {
        if (state.State.Response is not null && IsExpired())
            await ForgetAsync();
        if (state.State.Response is { } recorded)
        {
            var outcome = state.State.Fingerprint == requestFingerprint ? IdempotencyOutcome.Replay : IdempotencyOutcome.Mismatch;
            return new IdempotencyCheck(outcome, outcome == IdempotencyOutcome.Replay ? recorded : null);
        }
        if (_inFlightFingerprint is not null && clock.GetUtcNow() - _inFlightSince < InFlightLease)
        {
            var outcome = _inFlightFingerprint == requestFingerprint ? IdempotencyOutcome.InFlight : IdempotencyOutcome.Mismatch;
            return new IdempotencyCheck(outcome, null);
        }
        _inFlightFingerprint = requestFingerprint;
        _inFlightSince = clock.GetUtcNow();
        return new IdempotencyCheck(IdempotencyOutcome.Proceed, null);
    }

    public async Task Complete(string requestFingerprint, RecordedResponse response)
    {
        _inFlightFingerprint = null;
        state.State.Fingerprint = requestFingerprint;
        state.State.Response = response;
        state.State.RecordedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ExpiryReminder, Lifetime, Lifetime < ShortestReminderPeriod ? ShortestReminderPeriod : Lifetime);
    }

    public Task Abandon()
    {
        _inFlightFingerprint = null;
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
            return;
        if (state.State.Response is not null && !IsExpired())
            return;
        await ForgetAsync();
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        DeactivateOnIdle();
    }

    private bool IsExpired() => clock.GetUtcNow() - state.State.RecordedAt >= Lifetime;

    private async Task ForgetAsync()
    {
        if (state.RecordExists)
            await state.ClearStateAsync();
        state.State = new IdempotencyState();
    }
}
