namespace OfficeMesh.Gateway;

/// <summary>Edge limits, from <c>OfficeMesh:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Bodies above this are refused with 413 before anything is proxied.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Sustained requests per second one account (or, before sign-in, one address) may make.</summary>
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>How many requests above the sustained rate a burst may bring.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Retries on another silo of requests a silo could not answer (<see cref="SiloRetry"/>).</summary>
    public GatewayRetryOptions Retry { get; set; } = new();
}
