using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>One way of running OfficeMesh, started as real processes, with the gateway to drive.</summary>
public sealed partial class Setup : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);
    private readonly Func<ValueTask> _dispose;
    private readonly Func<HttpMessageHandler> _siloHandler;

    private Setup(string name, Uri gateway, string adminPassword, IReadOnlyList<ServerProcess> silos, bool silosServeMetrics, Func<ValueTask> dispose,
        Func<HttpMessageHandler>? siloHandler = null)
    {
        _siloHandler = siloHandler ?? (() => new HttpClientHandler());
        Name = name;
        Gateway = gateway;
        AdminPassword = adminPassword;
        Silos = silos;
        SilosServeMetrics = silosServeMetrics;
        _dispose = dispose;
    }

    public string Name { get; }
    public Uri Gateway { get; }
    public string AdminPassword { get; }
    public IReadOnlyList<ServerProcess> Silos { get; }

    /// <summary>The distinct failure lines the silos logged (their first lines), to say why requests failed.</summary>
    public IReadOnlyList<string> SiloFailures() =>
        Silos.SelectMany(silo => silo.Output.Split('\n'))
            .Select((line, index) => (line, index))
            .Where(entry => entry.line.StartsWith("fail:", StringComparison.Ordinal) || entry.line.Contains("Exception:", StringComparison.Ordinal))
            .Select(entry => entry.line.Trim())
            .Distinct()
            .Take(10)
            .ToList();

    /// <summary>A silo-role process serves /metrics on its own port without a token (to a cluster certificate holder); the all-in-one does not.</summary>
    public bool SilosServeMetrics { get; }

    public string? ConnectionString { get; private init; }

    /// <summary>The separate gateway process, if the setup has one (the all-in-one serves HTTP itself).</summary>
    public int? GatewayProcessId { get; private init; }

    /// <summary>The benchmark drives thousands of requests per second per account; the per-account limit must not be what it measures.</summary>
    public static readonly IReadOnlyDictionary<string, string> BenchmarkSettings = new Dictionary<string, string>
    {
        ["OfficeMesh__Gateway__RequestsPerSecond"] = "10000000",
        ["OfficeMesh__Gateway__Burst"] = "10000000",
    };

    /// <param name="serverDll">A published server to run instead of the build beside the benchmark.</param>
    public static async Task<Setup> StartEmbeddedAsync(CancellationToken cancellationToken, string? serverDll = null)
    {
        const string adminPassword = "benchmark-admin-password";
        var data = Directory.CreateTempSubdirectory("officemesh-bench-embedded-");
        var settings = new Dictionary<string, string>(BenchmarkSettings)
        {
            ["OfficeMesh__Role"] = "all",
            ["OfficeMesh__Storage__DataDirectory"] = data.FullName,
            ["OfficeMesh__Bootstrap__AdminPassword"] = adminPassword,
            ["OfficeMesh__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["OfficeMesh__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        var server = ServerProcess.Start(FreePort.Next(), settings, serverDll);
        async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            data.Delete(recursive: true);
        }
        try
        {
            await server.WaitUntilReadyAsync(ReadyWithin, cancellationToken);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
        return new Setup("embedded all-in-one (SQLite)", server.Address, adminPassword, [server], silosServeMetrics: false, DisposeAsync);
    }

    /// <param name="serverDll">A published server to run instead of the build beside the benchmark.</param>
    public static async Task<Setup> StartClusterAsync(ThrowawayPostgres postgres, int siloCount, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null, string? serverDll = null)
    {
        var database = await ThrowawayPostgres.CreateDatabaseAsync(postgres.ConnectionString, $"bench{siloCount}");
        var cluster = await ClusterProcesses.StartAsync(database, siloCount, ReadyWithin, settings ?? BenchmarkSettings, cancellationToken, serverDll);
        var name = siloCount == 1 ? "1 silo + gateway (PostgreSQL)" : $"{siloCount} silos + gateway (PostgreSQL)";
        return new Setup(name, cluster.Gateway.Address, ClusterProcesses.AdminPassword, cluster.Silos, silosServeMetrics: true, cluster.DisposeAsync,
            cluster.Certificates.CreateHandler)
        {
            ConnectionString = database,
            GatewayProcessId = cluster.Gateway.ProcessId,
        };
    }

    /// <summary>The peer's one officer (see bench/OfficeMesh.Peer): the load signs in as it with <see cref="CountyDirectory.Password"/>.</summary>
    public const string PeerUsername = "unit-officer-peer-township";

    public const string PeerUnit = "peer-township";

    /// <summary>
    /// The plain alternative (bench/OfficeMesh.Peer): a minimal API with JWT bearer auth, one PostgreSQL row per request,
    /// on its own database of the same PostgreSQL, reached directly (it has no gateway).
    /// </summary>
    /// <param name="peerDll">A published peer to run instead of the build beside the benchmark.</param>
    public static async Task<Setup> StartPeerAsync(ThrowawayPostgres postgres, CancellationToken cancellationToken, string? peerDll = null)
    {
        var database = await ThrowawayPostgres.CreateDatabaseAsync(postgres.ConnectionString, "peer");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Peer"] = database,
            ["Peer__SigningKey"] = TestSigningKeys.Random(),
            ["Peer__Username"] = PeerUsername,
            ["Peer__Password"] = CountyDirectory.Password,
            ["Peer__UnitCode"] = PeerUnit,
        };
        var peer = ServerProcess.StartProgram(peerDll ?? PeerDll(), new Uri($"http://127.0.0.1:{FreePort.Next()}"), settings);
        try
        {
            await peer.WaitUntilReadyAsync(ReadyWithin, cancellationToken);
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return new Setup("peer: minimal API + JWT, one row per request (PostgreSQL)", peer.Address, "", [peer], silosServeMetrics: false, peer.DisposeAsync)
        {
            ConnectionString = database,
            IsPeer = true,
        };
    }

    /// <summary>Whether this is the peer rather than OfficeMesh.</summary>
    public bool IsPeer { get; private init; }

    /// <summary>The peer as built beside the benchmark, in the same configuration (the benchmark references its project).</summary>
    private static string PeerDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name; // …/bin/<Configuration>/net10.0/
        var benchDirectory = output.Parent.Parent!.Parent!.Parent!.FullName; // bench/
        var dll = Path.Combine(benchDirectory, "OfficeMesh.Peer", "bin", configuration, "net10.0", "OfficeMesh.Peer.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the benchmark first: {dll} is missing.");
    }

    /// <summary>Resident memory of every silo process, in MB, from /proc.</summary>
    public IReadOnlyList<double> SiloResidentMegabytes() =>
        Silos.Select(silo => ResidentMegabytes(silo.ProcessId)).ToList();

    public static double ResidentMegabytes(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status").FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return status is null ? double.NaN : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Grain activations per silo, from Orleans' <c>orleans_catalog_activations</c> on the silo's /metrics.</summary>
    public async Task<IReadOnlyList<double>> SiloActivationsAsync(CancellationToken cancellationToken)
    {
        if (!SilosServeMetrics)
            return [];
        using var http = new HttpClient(_siloHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        var counts = new List<double>();
        foreach (var silo in Silos)
        {
            var text = await http.GetStringAsync(new Uri(silo.Address, "/metrics"), cancellationToken);
            counts.Add(ActivationLine().Matches(text).Sum(match => double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)));
        }
        return counts;
    }

    public ValueTask DisposeAsync() => _dispose();

    [GeneratedRegex(@"^orleans_catalog_activations(?:\{[^}]*\})? ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex ActivationLine();
}
