namespace OfficeMesh.Testing;

/// <summary>
/// A cluster as an operator would run it on one machine: N silo processes on one PostgreSQL database
/// and one gateway process in front, each a real <c>OfficeMesh.Server.dll</c>.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    public const string AdminPassword = "cluster-admin-password";

    private readonly Dictionary<string, string> _shared;
    private readonly List<(int Port, Dictionary<string, string> Settings)> _siloSettings = [];

    private ClusterProcesses(string connectionString, int siloCount, IReadOnlyDictionary<string, string>? extraSettings)
    {
        _shared = new Dictionary<string, string>
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
            _siloSettings.Add((FreePort.Next(), new Dictionary<string, string>(_shared)
            {
                ["OfficeMesh__Role"] = "silo",
                ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(),
                ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            }));
        }
    }

    public List<ServerProcess> Silos { get; } = [];

    public ServerProcess Gateway { get; private set; } = null!;

    /// <param name="extraSettings">Environment variables for every process, added to or overriding the cluster's own.</param>
    public static async Task<ClusterProcesses> StartAsync(string connectionString, int siloCount, TimeSpan readyWithin,
        IReadOnlyDictionary<string, string>? extraSettings = null, CancellationToken cancellationToken = default)
    {
        var cluster = new ClusterProcesses(connectionString, siloCount, extraSettings);
        cluster.Silos.AddRange(cluster._siloSettings.Select(silo => ServerProcess.Start(silo.Port, silo.Settings)));
        var gatewaySettings = new Dictionary<string, string>(cluster._shared) { ["OfficeMesh__Role"] = "gateway" };
        for (var i = 0; i < siloCount; i++)
            gatewaySettings[$"ReverseProxy__Clusters__silos__Destinations__silo{i}__Address"] = $"http://127.0.0.1:{cluster._siloSettings[i].Port}/";
        cluster.Gateway = ServerProcess.Start(FreePort.Next(), gatewaySettings);
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
        var (port, settings) = _siloSettings[index];
        var restarted = ServerProcess.Start(port, settings);
        Silos[index] = restarted;
        return restarted;
    }

    public string Diagnostics() =>
        string.Join("\n", Silos.Select((silo, i) => $"--- silo {i}:\n{silo.Output}").Append($"--- gateway:\n{Gateway.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Silos.Append(Gateway))
            await process.DisposeAsync();
    }
}
