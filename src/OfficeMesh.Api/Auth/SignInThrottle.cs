using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OfficeMesh.Api.Auth;

/// <summary><c>OfficeMesh:SignIn</c>: how many password checks one silo's API runs at once, and how many may wait.</summary>
public sealed class SignInThrottleOptions
{
    public int ConcurrentChecks { get; set; } = Math.Max(2, Environment.ProcessorCount);
    public int QueuedChecks { get; set; } = 64;
}

/// <summary>
/// The second throttle on sign-in, besides the gateway's per-address limit and the per-account lock. Checking a
/// password is deliberately slow (PBKDF2), so many addresses trying many accounts could still hold every core;
/// this bounds the password checks a silo runs at once, and answers 429 beyond a short queue, so sign-in
/// traffic can never take more than that share of a silo from the work of signed-in users.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.ConcurrentChecks,
        QueueLimit = options.Value.QueuedChecks,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A lease to hold while the password is checked; not acquired when too many are waiting already.</summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellation) => _limiter.AcquireAsync(1, cancellation);

    public void Dispose() => _limiter.Dispose();
}
