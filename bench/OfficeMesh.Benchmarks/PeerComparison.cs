using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>One setup under the peer comparison's load.</summary>
public sealed record ComparedSetup(string Name, bool IsPeer, bool OnPostgres, PhaseResult Submissions, PhaseResult Reads, PhaseResult Sequential, CpuBreakdown SubmissionCpu);

/// <summary>
/// OfficeMesh beside the plain alternative a county would otherwise build (bench/OfficeMesh.Peer), under one load:
/// <see cref="Connections"/> connections with one officer's token submitting, then reading what it submitted, then one
/// connection submitting one item after another.
/// </summary>
public static class PeerComparison
{
    public const string Heading = "## OfficeMesh beside the plain alternative";
    public const int Connections = 16;
    public const double SubmissionTarget = 1.0;
    public const double ReadTarget = 1.5;
    public const double SequentialLatencyTarget = 2.0;

    /// <summary>CPU per 1,000 submissions of every process together, 1 silo + gateway, before issue 14.</summary>
    public const double CpuPerThousandBefore = 597;

    public static async Task<ComparedSetup> MeasureAsync(Setup setup, BenchmarkOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        using var http = LoadGenerator.CreateClient(setup.Gateway, Connections * 2);
        Officer officer;
        if (setup.IsPeer)
        {
            officer = new Officer(Setup.PeerUnit, await JsonApi.SignInAsync(http, Setup.PeerUsername, CountyDirectory.Password, cancellationToken));
        }
        else
        {
            var admin = await JsonApi.SignInAsync(http, "admin", setup.AdminPassword, cancellationToken);
            var run = Guid.NewGuid().ToString("N")[..6];
            await CountyDirectory.CreateUnitAsync(http, admin, new { code = $"peer-county-{run}", name = "县两办", kind = "county-office" }, cancellationToken);
            await CountyDirectory.CreateUnitAsync(http, admin, new { code = $"peer-township-{run}", name = "乡镇", kind = "township", parentCode = $"peer-county-{run}" }, cancellationToken);
            officer = new Officer($"peer-township-{run}", await CountyDirectory.CreateAccountAsync(http, admin, $"peer-township-{run}", "unit-officer", cancellationToken));
        }
        Officer[] officers = [officer];
        var load = new LoadGenerator(http);

        var submitted = new ConcurrentBag<SubmittedItem>();
        await load.SubmitAsync(officers, Connections, options.Warmup, null, submitted, cancellationToken);
        var cpu = CpuAccounting.Start(setup);
        var submissions = await load.SubmitAsync(officers, Connections, options.PhaseDuration, null, submitted, cancellationToken);
        var cost = cpu.PerThousand(submissions.Count);
        log($"  {setup.Name}, {Connections} connections, one officer: submissions {BenchmarkRun.Describe(submissions)}; {BenchmarkRun.Describe(cost)}, {cost.Total:F0} ms all processes");

        var items = submitted.ToArray();
        await load.ReadAsync(items, Connections, options.Warmup / 4, cancellationToken);
        var reads = await load.ReadAsync(items, Connections, options.PhaseDuration, cancellationToken);
        log($"  reads {BenchmarkRun.Describe(reads)}");
        var sequential = await load.SubmitAsync(officers, 1, options.PhaseDuration / 2, null, null, cancellationToken);
        log($"  one connection, one submission after another: mean {sequential.MeanMs:F2} ms ({sequential.Count} ok, {sequential.Errors} errors)");
        return new ComparedSetup(setup.Name, setup.IsPeer, setup.ConnectionString is not null, submissions, reads, sequential, cost);
    }

    public static string Section(IReadOnlyList<ComparedSetup> results, BenchmarkOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        var peer = results.FirstOrDefault(result => result.IsPeer);
        text.AppendLine($"The peer (`bench/OfficeMesh.Peer`) is what a county would otherwise build: an ASP.NET Core minimal API with JWT bearer auth that inserts " +
                        "or selects one PostgreSQL row per request (Npgsql, a pooled data source), on its own database of the same PostgreSQL, reached directly. " +
                        $"Both programs run as deployed (`dotnet publish -c Release`). " +
                        $"Each setup was started fresh and given the same load: {Connections} HTTP/1.1 connections with one officer's token (the gateway's per-account " +
                        $"limit lifted), submitting for {options.PhaseDuration.TotalSeconds:0.#} s after {options.Warmup.TotalSeconds:0.#} s warm-up, then reading random items " +
                        $"it had submitted for {options.PhaseDuration.TotalSeconds:0.#} s, then one connection submitting one item after another for " +
                        $"{(options.PhaseDuration / 2).TotalSeconds:0.#} s. CPU is of every process together (load generator, gateway, silos or peer, PostgreSQL).");
        text.AppendLine();
        text.AppendLine("| setup | submissions/s | p50 | p99 | × peer | reads/s | p50 | p99 | × peer | one connection's mean submission latency | × peer | CPU ms per 1,000 submissions (load generator + server + PostgreSQL) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(string.Join(" | ",
                $"| {result.Name}",
                $"{result.Submissions.PerSecond:F0}", Report.Ms(result.Submissions.P50Ms), Report.Ms(result.Submissions.P99Ms),
                Ratio(result.Submissions.PerSecond, peer?.Submissions.PerSecond),
                $"{result.Reads.PerSecond:F0}", Report.Ms(result.Reads.P50Ms), Report.Ms(result.Reads.P99Ms),
                Ratio(result.Reads.PerSecond, peer?.Reads.PerSecond),
                $"{result.Sequential.MeanMs:F2} ms", Ratio(result.Sequential.MeanMs, peer?.Sequential.MeanMs),
                $"{result.SubmissionCpu.Total:F0} ({result.SubmissionCpu.LoadGenerator:F0} + {result.SubmissionCpu.Gateway + result.SubmissionCpu.Silos:F0} + {(result.OnPostgres ? result.SubmissionCpu.Postgres.ToString("F0", CultureInfo.InvariantCulture) : "n/a")})") + " |");
        }
        text.AppendLine();
        text.AppendLine($"Errors (non-2xx or failed requests): {string.Join("; ", results.Select(r => $"{r.Name}: {r.Submissions.Errors + r.Sequential.Errors} submissions, {r.Reads.Errors} reads"))}.");
        var officeMesh = results.FirstOrDefault(result => !result.IsPeer && result.OnPostgres);
        if (peer is null || officeMesh is null)
            return text.ToString();
        text.AppendLine();
        text.AppendLine("| target (OfficeMesh on PostgreSQL behind its gateway, against the peer) | measured | result |");
        text.AppendLine("|---|---:|---|");
        var submissions = officeMesh.Submissions.PerSecond / peer.Submissions.PerSecond;
        var reads = officeMesh.Reads.PerSecond / peer.Reads.PerSecond;
        var latency = officeMesh.Sequential.MeanMs / peer.Sequential.MeanMs;
        text.AppendLine($"| submissions/s ≥ {SubmissionTarget:F1} × the peer's | {submissions:F2} ({officeMesh.Submissions.PerSecond:F0} vs {peer.Submissions.PerSecond:F0}) | {Report.PassFail(submissions >= SubmissionTarget)} |");
        text.AppendLine($"| reads/s ≥ {ReadTarget:F1} × the peer's | {reads:F2} ({officeMesh.Reads.PerSecond:F0} vs {peer.Reads.PerSecond:F0}) | {Report.PassFail(reads >= ReadTarget)} |");
        text.AppendLine($"| one connection's mean submission latency ≤ {SequentialLatencyTarget:F0} × the peer's | {latency:F2} ({officeMesh.Sequential.MeanMs:F2} vs {peer.Sequential.MeanMs:F2} ms) | {Report.PassFail(latency <= SequentialLatencyTarget)} |");
        text.AppendLine($"| CPU per 1,000 submissions, all processes, < {CpuPerThousandBefore:F0} ms (before issue 14) | {officeMesh.SubmissionCpu.Total:F0} ms | {Report.PassFail(officeMesh.SubmissionCpu.Total < CpuPerThousandBefore)} |");
        text.AppendLine();
        // Every process shares the same cores and the machine is the limit, so a request's CPU, not its path, sets the rate.
        var gateway = officeMesh.SubmissionCpu.Gateway;
        var peerBehindGateway = peer.SubmissionCpu.Total / (peer.SubmissionCpu.Total + gateway);
        text.AppendLine($"The gateway alone took {gateway:F0} ms of CPU per 1,000 submissions, on the cores the silo, PostgreSQL and the load generator use. " +
                        $"The peer's {peer.SubmissionCpu.Total:F0} ms per 1,000 (every process) plus that gateway would hold even the peer to about " +
                        $"{peer.Submissions.PerSecond * peerBehindGateway:F0} submissions/s, {peerBehindGateway:F2} × its rate: on one machine, a server behind the gateway " +
                        "reaches the peer's submission rate only by costing less CPU than the peer itself.");
        return text.ToString();
    }

    private static string Ratio(double value, double? peer) =>
        peer is { } of && of > 0 && !double.IsNaN(value) && !double.IsNaN(of) ? $"{value / of:F2}" : "n/a";
}
