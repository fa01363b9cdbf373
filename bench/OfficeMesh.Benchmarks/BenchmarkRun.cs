using System.Collections.Concurrent;
using Npgsql;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>Everything measured on one setup.</summary>
public sealed record SetupResult(
    string Name,
    bool OnPostgres,
    PhaseResult Submissions,
    PhaseResult Reads,
    long? DatabaseTransactionsDuringReads,
    long? BackgroundTransactionsForReadPhase,
    PhaseResult RoutineDuringEmergencies,
    PhaseResult Emergencies,
    PhaseResult EmergencySubmissions,
    IReadOnlyList<double> SiloResidentMegabytes,
    IReadOnlyList<double> SiloActivations,
    CpuBreakdown SubmissionCpu,
    CpuBreakdown ReadCpu);

/// <summary>The throughput benchmark: pgbench ceilings, then each setup in turn under the same load.</summary>
public static class BenchmarkRun
{
    /// <summary>
    /// The throughput run in one go on one PostgreSQL: pgbench ceilings, the peer comparison (the peer, then the embedded
    /// role and 1 silo + gateway, each fresh), and each setup's own phases. With --peer, the comparison alone.
    /// </summary>
    public static async Task<(PgbenchCeilings? Ceilings, List<SetupResult> Results, List<ComparedSetup> Compared)> RunAsync(BenchmarkOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        await using var postgres = await StartDurablePostgresAsync(options);
        log($"PostgreSQL {postgres.BinDirectory} on port {postgres.Port}: fsync on, synchronous_commit on.");

        PgbenchCeilings? ceilings = null;
        if (!options.PeerOnly)
        {
            ceilings = await Ceilings.MeasureAsync(postgres, options, cancellationToken);
            log($"pgbench ceilings (8 clients): insert 1 KB jsonb {ceilings.InsertTps:F0} tps, select by key {ceilings.SelectTps:F0} tps.");
        }

        // Every program runs as deployed (published); the smoke run keeps CI short with the builds.
        string? serverDll = null, peerDll = null;
        if (!options.Small)
        {
            serverDll = await PublishedServer.PublishAsync(log, cancellationToken);
            peerDll = await PublishedServer.PublishPeerAsync(log, cancellationToken);
        }

        var compared = new List<ComparedSetup>();
        log("Starting the peer…");
        await using (var peer = await Setup.StartPeerAsync(postgres, cancellationToken, peerDll))
            compared.Add(await PeerComparison.MeasureAsync(peer, options, log, cancellationToken));

        var results = new List<SetupResult>();
        var starts = new (string Label, Func<Task<Setup>> Start)[]
        {
            ("embedded", () => Setup.StartEmbeddedAsync(cancellationToken, serverDll)),
            ("1 silo", () => Setup.StartClusterAsync(postgres, 1, cancellationToken, serverDll: serverDll)),
            ("3 silos", () => Setup.StartClusterAsync(postgres, 3, cancellationToken, serverDll: serverDll)),
        };
        // The smoke run keeps CI well under a minute: three silos start through the same code as one.
        // The peer comparison is on the embedded role and 1 silo + gateway only.
        var chosen = options.Mode == BenchmarkMode.Smoke || options.PeerOnly ? starts[..2] : starts;
        if (options.Setups is { } only)
            chosen = chosen.Where(start => only.Contains(start.Label.Replace(" ", ""), StringComparer.OrdinalIgnoreCase)).ToArray();
        foreach (var (label, start) in chosen)
        {
            log($"Starting {label}…");
            await using var setup = await start();
            if (label is "embedded" or "1 silo")
                compared.Add(await PeerComparison.MeasureAsync(setup, options, log, cancellationToken));
            if (!options.PeerOnly)
                results.Add(await MeasureSetupAsync(setup, options, log, cancellationToken));
        }
        return (ceilings, results, compared);
    }

    /// <summary>A durable server, as production runs it; WAL sized so no checkpoint lands mid-phase.</summary>
    public static Task<ThrowawayPostgres> StartDurablePostgresAsync(BenchmarkOptions options) =>
        ThrowawayPostgres.StartAsync(PostgresDurability.Durable,
        [
            options.Mode == BenchmarkMode.Smoke ? "shared_buffers=128MB" : "shared_buffers=2GB",
            "max_wal_size=8GB",
            "checkpoint_timeout=30min",
            "track_counts=on",
        ]);

    private static async Task<SetupResult> MeasureSetupAsync(Setup setup, BenchmarkOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        using var http = LoadGenerator.CreateClient(setup.Gateway, options.Concurrency * 2);
        var directory = await CountyDirectory.CreateAsync(http, setup.AdminPassword, options.Counties, options.TownshipsPerCounty, cancellationToken);
        var load = new LoadGenerator(http);
        log($"  {setup.Name}: {directory.Counties.Count} counties, {directory.Officers.Count} officers signed in.");

        var submitted = new ConcurrentBag<SubmittedItem>();
        await load.SubmitAsync(directory.Officers, options.Concurrency, options.Warmup, null, submitted, cancellationToken);
        var submissionCpu = CpuAccounting.Start(setup);
        var submissions = await load.SubmitAsync(directory.Officers, options.Concurrency, options.PhaseDuration, null, submitted, cancellationToken);
        var submissionCost = submissionCpu.PerThousand(submissions.Count);
        log($"  submissions: {Describe(submissions)}; {Describe(submissionCost)}");

        // The silo talks to its database by itself (membership, reminders, index partitions storing what
        // they received): measure that at idle first, so the reads are judged by what they add.
        var idleWindow = options.PhaseDuration / 2;
        var idleBefore = await DatabaseTransactionsAsync(setup.ConnectionString, cancellationToken);
        await Task.Delay(idleWindow, cancellationToken);
        var idleAfter = await DatabaseTransactionsAsync(setup.ConnectionString, cancellationToken);
        var transactionsBefore = idleAfter;
        var readCpu = CpuAccounting.Start(setup);
        var reads = await load.ReadAsync([.. submitted], options.Concurrency, options.PhaseDuration, cancellationToken);
        var readCost = readCpu.PerThousand(reads.Count);
        var transactionsAfter = await DatabaseTransactionsAsync(setup.ConnectionString, cancellationToken);
        long? readTransactions = transactionsBefore is { } before && transactionsAfter is { } after ? after - before : null;
        long? background = idleBefore is { } idleStart && idleAfter is { } idleEnd
            ? (long)((idleEnd - idleStart) * (options.PhaseDuration + TimeSpan.FromSeconds(1.5)).TotalSeconds / (idleWindow + TimeSpan.FromSeconds(1.5)).TotalSeconds)
            : null;
        log($"  reads: {Describe(reads)}; database transactions meanwhile: {readTransactions?.ToString() ?? "n/a (SQLite)"} (at idle, the same time would see about {background?.ToString() ?? "n/a"}); {Describe(readCost)}");

        var county = directory.Counties[0];
        await using var probe = await EmergencyProbe.OpenAsync(setup.Gateway, directory.DutyTokens[county], cancellationToken);
        var halfIntake = Math.Max(1, submissions.PerSecond / 2);
        var routine = load.SubmitAsync(directory.Officers, options.Concurrency, options.PhaseDuration, halfIntake, null, cancellationToken);
        var trickle = probe.TrickleAsync(http, directory.OfficersByCounty[county], options.EmergenciesPerSecond, options.PhaseDuration, cancellationToken);
        var routineResult = await routine;
        var trickleResult = await trickle;
        log($"  emergency submissions: {Describe(trickleResult)}");
        var (emergencies, missing) = await probe.ResultAsync(TimeSpan.FromSeconds(10));
        log($"  emergencies at {options.EmergenciesPerSecond}/s with routine intake paced at {halfIntake:F0}/s (achieved {routineResult.PerSecond:F0}/s): receipt → duty stream p50 {emergencies.P50Ms:F1} ms, p99 {emergencies.P99Ms:F1} ms, {missing} not seen");

        if (submissions.Errors + reads.Errors + routineResult.Errors + trickleResult.Errors > 0)
        {
            foreach (var failure in setup.SiloFailures())
                log($"  server: {failure}");
        }
        var memory = setup.SiloResidentMegabytes();
        var activations = await setup.SiloActivationsAsync(cancellationToken);
        return new SetupResult(setup.Name, setup.ConnectionString is not null, submissions, reads, readTransactions, background, routineResult, emergencies, trickleResult, memory, activations, submissionCost, readCost);
    }

    /// <summary>Committed and rolled-back transactions of the setup's database so far (PostgreSQL's own statistics).</summary>
    public static async Task<long?> DatabaseTransactionsAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (connectionString is null)
            return null;
        // The statistics collector publishes counters with a short delay; let the previous phase's settle.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_stat_clear_snapshot(); SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0);
    }

    public static string Describe(CpuBreakdown cpu) =>
        $"CPU ms per 1,000: load generator {cpu.LoadGenerator:F0}, gateway {cpu.Gateway:F0}, silos {cpu.Silos:F0}, PostgreSQL {cpu.Postgres:F0} (machine {cpu.MachineBusyShare:P0} busy)";

    public static string Describe(PhaseResult result) =>
        $"{result.PerSecond:F0}/s, p50 {result.P50Ms:F1} ms, p99 {result.P99Ms:F1} ms ({result.Count} ok, {result.Errors} errors{(result.Errors == 0 ? "" : ": " + result.ErrorKinds)})";
}
