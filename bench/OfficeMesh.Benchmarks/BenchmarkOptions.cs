namespace OfficeMesh.Benchmarks;

public enum BenchmarkMode
{
    Full,
    Smoke,
    Scale,

    /// <summary>The web workspace's timings alone (--web), written into the existing report.</summary>
    Web,
}

/// <summary>How long and how wide each phase runs; the smoke mode keeps the whole pipeline but shrinks every number.</summary>
public sealed record BenchmarkOptions(
    BenchmarkMode Mode,
    string OutputDirectory,
    TimeSpan PgbenchDuration,
    int PgbenchSelectScale,
    TimeSpan Warmup,
    TimeSpan PhaseDuration,
    int Concurrency,
    int Counties,
    int TownshipsPerCounty,
    double EmergenciesPerSecond,
    int ScaleUnits,
    int ScaleItems,
    int ScaleOfficers,
    TimeSpan ScaleLoadBudget)
{
    /// <summary>With --setups embedded,1silo,3silos: only those setups (for profiling one of them).</summary>
    public IReadOnlyList<string>? Setups { get; init; }

    /// <summary>With --web --smoke: the web phase alone, at the smoke run's sizes, written to a temporary directory.</summary>
    public bool WebSmoke { get; init; }

    /// <summary>Seconds-long sizes: the smoke run, or the web phase alone at smoke sizes.</summary>
    public bool Small => Mode == BenchmarkMode.Smoke || WebSmoke;

    /// <summary>With --peer: only the comparison with the peer (bench/OfficeMesh.Peer), written into the report's section.</summary>
    public bool PeerOnly { get; init; }

    public const int PgbenchClients = 8;

    public static BenchmarkOptions Parse(string[] args, string repositoryRoot)
    {
        var webSmoke = args.Contains("--web") && args.Contains("--smoke");
        var mode = webSmoke ? BenchmarkMode.Web
            : args.Contains("--smoke") ? BenchmarkMode.Smoke
            : args.Contains("--scale") ? BenchmarkMode.Scale
            : args.Contains("--web") ? BenchmarkMode.Web
            : BenchmarkMode.Full;
        var outputIndex = Array.IndexOf(args, "--out");
        var output = outputIndex >= 0 && outputIndex + 1 < args.Length
            ? Path.GetFullPath(args[outputIndex + 1])
            : mode == BenchmarkMode.Smoke || webSmoke
                // CI keeps the pipeline alive with the smoke run; it must never overwrite the published report.
                ? Path.Combine(Path.GetTempPath(), $"officemesh-bench-smoke-{Guid.NewGuid():N}")
                : Path.Combine(repositoryRoot, "docs");
        var loadBudgetIndex = Array.IndexOf(args, "--scale-load-minutes");
        var loadBudget = TimeSpan.FromMinutes(loadBudgetIndex >= 0 ? double.Parse(args[loadBudgetIndex + 1], System.Globalization.CultureInfo.InvariantCulture) : 10);

        var setupsIndex = Array.IndexOf(args, "--setups");
        var setups = setupsIndex >= 0 && setupsIndex + 1 < args.Length ? args[setupsIndex + 1].Split(',') : null;

        var options = mode switch
        {
            BenchmarkMode.Smoke => new BenchmarkOptions(mode, output, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5),
                Concurrency: 8, Counties: 1, TownshipsPerCounty: 2, EmergenciesPerSecond: 5, ScaleUnits: 0, ScaleItems: 0, ScaleOfficers: 0, loadBudget),
            BenchmarkMode.Scale => new BenchmarkOptions(mode, output, TimeSpan.FromSeconds(15), 10, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30),
                Concurrency: 64, Counties: 1, TownshipsPerCounty: 2, EmergenciesPerSecond: 5, ScaleUnits: 40_000, ScaleItems: 1_000_000, ScaleOfficers: 200, loadBudget),
            _ => new BenchmarkOptions(mode, output, TimeSpan.FromSeconds(20), 10, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(25),
                Concurrency: 64, Counties: 4, TownshipsPerCounty: 10, EmergenciesPerSecond: 5, ScaleUnits: 0, ScaleItems: 0, ScaleOfficers: 0, loadBudget),
        };
        return options with { Setups = setups, WebSmoke = webSmoke, PeerOnly = args.Contains("--peer") };
    }
}
