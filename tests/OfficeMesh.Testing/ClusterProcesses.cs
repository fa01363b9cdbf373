namespace OfficeMesh.Testing;

/// <summary>
/// A cluster as an operator would run it on one machine: N silo processes on one PostgreSQL database
/// and one gateway process in front, each a real <c>OfficeMesh.Server.dll</c>, with the cluster's mutual
/// TLS on certificates made for it: silos serve their API over HTTPS to certificate holders only and
/// answer probes on a plain-HTTP health port.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    public const string AdminPassword = "cluster-admin-password";

    private readonly Dictionary<string, string> _shared;
    private readonly List<(Uri Address, Uri Health, Dictionary<string, string> Settings)> _siloSettings = [];

    private ClusterProcesses(string connectionString, int siloCount, IReadOnlyDictionary<string, string>? extraSettings)
    {
        Certificates = ClusterCertificates.Create();
        _shared = new Dictionary<string, string>(Certificates.Settings)
        {
            ["OfficeMesh__Storage__Provider"] = "postgres",
            ["ConnectionStrings__OfficeMesh"] = connectionString,
            ["OfficeMesh__Auth__SigningKey"] = TestSigningKeys.Random(),
            ["OfficeMesh__Bootstrap__AdminPassword"] = AdminPassword,
            ["OfficeMesh__Cluster__ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["OfficeMesh__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["OfficeMesh__Gateway__RequestsPerSecond"] = "100000",
            ["OfficeMesh__Gateway__Burst"] = "100000",
        };
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string>())
            _shared[name] = value;
        for (var i = 0; i < siloCount; i++)
        {
            var healthPort = FreePort.Next();
            _siloSettings.Add((new Uri($"https://127.0.0.1:{FreePort.Next()}"), new Uri($"http://127.0.0.1:{healthPort}"), new Dictionary<string, string>(_shared)
            {
                ["OfficeMesh__Role"] = "silo",
                ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
                ["OfficeMesh__Cluster__HealthPort"] = healthPort.ToString(),
            }));
        }
    }

    /// <summary>The cluster's authority and node certificate; what a silo or the gateway presents.</summary>
    public ClusterCertificates Certificates { get; }

    public string ClusterId => _shared["OfficeMesh__Cluster__ClusterId"];

    public string ServiceId => _shared.GetValueOrDefault("OfficeMesh__Cluster__ServiceId", "officemesh");

    /// <summary>Silo <paramref name="index"/>'s plain-HTTP health port, where probes ask without a certificate.</summary>
    public Uri SiloHealthAddress(int index) => _siloSettings[index].Health;

    /// <summary>An HTTP client straight to silo <paramref name="index"/>'s API, presenting the cluster's certificate as the gateway does.</summary>
    public HttpClient SiloClient(int index) => new(Certificates.CreateHandler()) { BaseAddress = Silos[index].Address };

    public List<ServerProcess> Silos { get; } = [];

    public ServerProcess Gateway { get; private set; } = null!;

    /// <summary>A server other than the build beside the caller (a published one), for every process started.</summary>
    private string? _serverDll;

    /// <param name="extraSettings">Environment variables for every process, added to or overriding the cluster's own.</param>
    /// <param name="serverDll">A published server to run instead of the build beside the caller.</param>
    public static async Task<ClusterProcesses> StartAsync(string connectionString, int siloCount, TimeSpan readyWithin,
        IReadOnlyDictionary<string, string>? extraSettings = null, CancellationToken cancellationToken = default, string? serverDll = null)
    {
        var cluster = new ClusterProcesses(connectionString, siloCount, extraSettings) { _serverDll = serverDll };
        cluster.Silos.AddRange(cluster._siloSettings.Select(silo => ServerProcess.Start(silo.Address, silo.Settings, silo.Health, serverDll)));
        var gatewaySettings = new Dictionary<string, string>(cluster._shared) { ["OfficeMesh__Role"] = "gateway" };
        for (var i = 0; i < siloCount; i++)
            gatewaySettings[$"ReverseProxy__Clusters__silos__Destinations__silo{i}__Address"] = cluster._siloSettings[i].Address.ToString();
        cluster.Gateway = ServerProcess.Start(FreePort.Next(), gatewaySettings, serverDll);
        try
        {
            await Task.WhenAll(cluster.Silos.Append(cluster.Gateway).Select(process => process.WaitUntilReadyAsync(readyWithin, cancellationToken)));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Starts silo <paramref name="index"/> again, on its old ports, as an operator restarting a crashed node would.</summary>
    public ServerProcess Restart(int index)
    {
        var (address, health, settings) = _siloSettings[index];
        var restarted = ServerProcess.Start(address, settings, health, _serverDll);
        Silos[index] = restarted;
        return restarted;
    }

    public string Diagnostics() =>
        string.Join("\n", Silos.Select((silo, i) => $"--- silo {i}:\n{silo.Output}").Append($"--- gateway:\n{Gateway.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Silos.Append(Gateway).OfType<ServerProcess>())
            await process.DisposeAsync();
        Certificates.Dispose();
    }
}
