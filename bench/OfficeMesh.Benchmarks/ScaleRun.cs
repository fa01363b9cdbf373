using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// The scale run: a directory of 40,000 units and as many stored items as the load budget allows (aiming
/// at 1,000,000), all through the API, then random reads and submissions against it on 1 silo + gateway.
/// </summary>
public static class ScaleRun
{
    private const int TownshipsPerCounty = 99;

    /// <summary>Short enough that grains left idle while others are read deactivate within the run.</summary>
    private static readonly TimeSpan GrainIdleTimeout = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(BenchmarkOptions options, MachineInfo machine, string command, Action<string> log, CancellationToken cancellationToken)
    {
        await using var postgres = await BenchmarkRun.StartDurablePostgresAsync(options);
        await using var setup = await Setup.StartClusterAsync(postgres, 1, cancellationToken,
            new Dictionary<string, string>(Setup.BenchmarkSettings) { ["OfficeMesh__Cluster__GrainIdleTimeout"] = GrainIdleTimeout.ToString() });
        using var http = LoadGenerator.CreateClient(setup.Gateway, options.Concurrency * 2);
        var silo = setup.Silos[0];
        var peakMegabytes = 0.0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakMegabytes = Math.Max(peakMegabytes, Setup.ResidentMegabytes(silo.ProcessId));
                await Task.Delay(1000, CancellationToken.None);
            }
        }, CancellationToken.None);

        var admin = await JsonApi.SignInAsync(http, "admin", setup.AdminPassword, cancellationToken);
        await CountyDirectory.CreateUnitAsync(http, admin, new { code = "prov", name = "省委办", kind = "upper-office", level = "province" }, cancellationToken);
        await CountyDirectory.CreateUnitAsync(http, admin, new { code = "city", name = "市委办", kind = "upper-office", level = "city", parentCode = "prov" }, cancellationToken);
        var counties = Math.Max(1, options.ScaleUnits / (TownshipsPerCounty + 1));
        var unitClock = Stopwatch.StartNew();
        await CountyDirectory.ParallelSelectAsync(Enumerable.Range(0, counties).ToList(), 32, async county =>
        {
            await CountyDirectory.CreateUnitAsync(http, admin, new { code = $"c{county}", name = "县两办", kind = "county-office", parentCode = "city" }, cancellationToken);
            for (var township = 0; township < TownshipsPerCounty; township++)
                await CountyDirectory.CreateUnitAsync(http, admin, new { code = $"c{county}-t{township}", name = "乡镇", kind = "township", parentCode = $"c{county}" }, cancellationToken);
            return county;
        });
        var units = counties * (TownshipsPerCounty + 1) + 2;
        log($"Created {units} units in {unitClock.Elapsed.TotalSeconds:F0} s ({units / unitClock.Elapsed.TotalSeconds:F0}/s).");

        // Accounts each cost a password hash; a few hundred officers, spread over the counties, submit for their townships.
        var officerUnits = Enumerable.Range(0, options.ScaleOfficers).Select(i => $"c{i % counties}-t{i / counties % TownshipsPerCounty}").ToList();
        var officers = await CountyDirectory.ParallelSelectAsync(officerUnits, 4,
            async unit => new Officer(unit, await CountyDirectory.CreateAccountAsync(http, admin, unit, "unit-officer", cancellationToken)));
        log($"Signed in {officers.Count} officers.");

        var load = new LoadGenerator(http);
        var submitted = new ConcurrentBag<SubmittedItem>();
        var loadClock = Stopwatch.StartNew();
        var chunk = TimeSpan.FromSeconds(30);
        while (submitted.Count < options.ScaleItems && loadClock.Elapsed < options.ScaleLoadBudget)
        {
            var chunkResult = await load.SubmitAsync(officers, options.Concurrency, chunk, null, submitted, cancellationToken);
            log($"  loaded {submitted.Count:N0} items ({chunkResult.PerSecond:F0}/s in the last {chunk.TotalSeconds:F0} s, p99 {chunkResult.P99Ms:F0} ms); silo RSS {Setup.ResidentMegabytes(silo.ProcessId):F0} MB, activations {(await setup.SiloActivationsAsync(cancellationToken)).Sum():F0}");
        }
        var loadElapsed = loadClock.Elapsed;
        var loadRate = submitted.Count / loadElapsed.TotalSeconds;
        var activationsAfterLoad = (await setup.SiloActivationsAsync(cancellationToken)).Sum();
        var memoryAfterLoad = Setup.ResidentMegabytes(silo.ProcessId);

        var items = submitted.ToArray();
        var reads = await load.ReadAsync(items, options.Concurrency, options.PhaseDuration, cancellationToken);
        log($"Random reads over {items.Length:N0} items: {BenchmarkRun.Describe(reads)}");
        // Latency is judged below saturation, as for emergencies: a closed loop at full concurrency only
        // measures its own queue (latency = connections / throughput).
        var pacedRate = Math.Max(1, reads.PerSecond / 2);
        var pacedReads = await load.ReadAsync(items, options.Concurrency, options.PhaseDuration, cancellationToken, pacedRate);
        log($"Random reads paced at {pacedRate:F0}/s: {BenchmarkRun.Describe(pacedReads)}");
        var submissions = await load.SubmitAsync(officers, options.Concurrency, options.PhaseDuration, null, null, cancellationToken);
        log($"Submissions: {BenchmarkRun.Describe(submissions)}");
        var activationsAtEnd = (await setup.SiloActivationsAsync(cancellationToken)).Sum();
        var memoryAtEnd = Setup.ResidentMegabytes(silo.ProcessId);
        await sampling.CancelAsync();
        await sampler;
        // The sampler reads every few seconds; the readings taken here count too.
        peakMegabytes = Math.Max(peakMegabytes, Math.Max(memoryAfterLoad, memoryAtEnd));

        var text = new StringBuilder();
        text.AppendLine("# OfficeMesh scale run");
        text.AppendLine();
        text.AppendLine($"Machine: {machine.Describe()}. Command: `{command}`. Setup: 1 silo + gateway on PostgreSQL 15 (fsync and synchronous_commit on), all processes on the same cores as the load generator.");
        text.AppendLine();
        text.AppendLine("## What was loaded, and how");
        text.AppendLine();
        text.AppendLine($"- {units:N0} units ({counties} county offices × {TownshipsPerCounty} townships, plus a province and a city), created through `POST /api/v1/units` in {unitClock.Elapsed.TotalSeconds:F0} s.");
        text.AppendLine($"- {officers.Count} officer accounts (each costs a password hash, so not one per unit), spread over the counties.");
        text.AppendLine($"- {items.Length:N0} items stored through `POST /api/v1/items` (the real path: item grain, outbox, month index, PostgreSQL) in {loadElapsed.TotalMinutes:F1} min, {loadRate:F0} items/s. " +
                        (items.Length >= options.ScaleItems
                            ? "The target of 1,000,000 was reached."
                            : $"The target was {options.ScaleItems:N0}; at this rate it would take {options.ScaleItems / loadRate / 3600:F1} h, beyond the run's load budget of {options.ScaleLoadBudget.TotalMinutes:F0} min, so the run continues with what was loaded (`--scale-load-minutes N` raises the budget)."));
        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        text.AppendLine("| measure | value |");
        text.AppendLine("|---|---:|");
        text.AppendLine($"| random reads of stored items, {options.Concurrency} connections, as fast as they are answered | {reads.PerSecond:F0}/s, p50 {Report.Ms(reads.P50Ms)}, p99 {Report.Ms(reads.P99Ms)} ({reads.Errors} errors) |");
        text.AppendLine($"| random reads paced at half that rate ({pacedRate:F0}/s offered) | {pacedReads.PerSecond:F0}/s, p50 {Report.Ms(pacedReads.P50Ms)}, p99 {Report.Ms(pacedReads.P99Ms)} ({pacedReads.Errors} errors) |");
        text.AppendLine($"| submissions, {options.Concurrency} connections | {submissions.PerSecond:F0}/s, p50 {Report.Ms(submissions.P50Ms)}, p99 {Report.Ms(submissions.P99Ms)} ({submissions.Errors} errors) |");
        text.AppendLine($"| silo RSS after load / at end / peak | {memoryAfterLoad:F0} MB / {memoryAtEnd:F0} MB / {peakMegabytes:F0} MB |");
        text.AppendLine($"| activations (`orleans_catalog_activations`) after load / at end | {activationsAfterLoad:F0} / {activationsAtEnd:F0} |");
        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| target | measured | result |");
        text.AppendLine("|---|---:|---|");
        text.AppendLine($"| p99 read < 50 ms, at half the saturated read rate | {Report.Ms(pacedReads.P99Ms)} | {Report.PassFail(pacedReads.P99Ms < 50 && pacedReads.Errors == 0)} |");
        text.AppendLine($"| p99 read < 50 ms, saturated ({options.Concurrency} connections in a closed loop) | {Report.Ms(reads.P99Ms)} | {Report.PassFail(reads.P99Ms < 50)} |");
        text.AppendLine($"| silo memory < 4 GB | peak {peakMegabytes:F0} MB | {Report.PassFail(peakMegabytes < 4096)} |");
        text.AppendLine();
        text.AppendLine($"Idle grains deactivate after `OfficeMesh:Cluster:GrainIdleTimeout`, set to {GrainIdleTimeout.TotalMinutes:F0} min for this run (Orleans' default is 15 min), " +
                        "so the activation count follows what is in use, not everything ever loaded; memory stays bounded by the working set.");
        var path = Path.Combine(options.OutputDirectory, "benchmarks-scale.md");
        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
        Console.WriteLine(text);
        return path;
    }
}
