using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace OfficeMesh.Benchmarks;

/// <summary>The machine a run happened on, stated in every report so numbers are never read without it.</summary>
public sealed record MachineInfo(int Cores, double MemoryGigabytes, string Os, DateTimeOffset At)
{
    public static MachineInfo Current()
    {
        var memTotal = File.ReadLines("/proc/meminfo").First(line => line.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kilobytes = double.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new MachineInfo(Environment.ProcessorCount, kilobytes / 1024 / 1024, System.Runtime.InteropServices.RuntimeInformation.OSDescription, DateTimeOffset.UtcNow);
    }

    public string Describe() => $"{Cores} cores, {MemoryGigabytes:F1} GB memory, {Os}, {At:yyyy-MM-dd HH:mm} UTC";
}

public static class Report
{
    private const double SubmissionTarget = 0.4;
    private const double ReadTarget = 0.25;
    private const double EmergencyP99TargetMs = 200;

    public static string Markdown(MachineInfo machine, string command, BenchmarkOptions options, PgbenchCeilings ceilings, IReadOnlyList<SetupResult> results, string? note,
        string? peerComparison = null)
    {
        var text = new StringBuilder();
        text.AppendLine("# OfficeMesh benchmark");
        text.AppendLine();
        text.AppendLine($"Machine: {machine.Describe()}. Command: `{command}`.");
        text.AppendLine($"Load: {options.Concurrency} concurrent HTTP/1.1 connections through the gateway, {options.Counties} counties × {options.TownshipsPerCounty} townships (one officer token each), {options.PhaseDuration.TotalSeconds:F0} s per phase after {options.Warmup.TotalSeconds:F0} s warm-up. " +
                        "The load generator, PostgreSQL, pgbench and every OfficeMesh process share the same cores.");
        if (note is not null)
            text.AppendLine().AppendLine(note);
        text.AppendLine();
        text.AppendLine("![throughput and latency per setup](benchmark.png)");
        text.AppendLine();
        if (peerComparison is not null)
            text.AppendLine(peerComparison);
        text.AppendLine("## Ceilings measured in the same run (PostgreSQL 15, fsync and synchronous_commit on)");
        text.AppendLine();
        text.AppendLine("| pgbench, 8 clients | tps | mean latency |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine($"| one ~1 KB jsonb row inserted per transaction | {ceilings.InsertTps:F0} | {ceilings.InsertLatencyMs:F2} ms |");
        text.AppendLine($"| select by primary key (`-S`, scale {options.PgbenchSelectScale}) | {ceilings.SelectTps:F0} | {ceilings.SelectLatencyMs:F2} ms |");
        text.AppendLine();
        text.AppendLine("## OfficeMesh through the gateway");
        text.AppendLine();
        text.AppendLine("| setup | submissions/s | p50 | p99 | × insert ceiling | reads/s | p50 | p99 | × select ceiling | DB transactions during reads | emergency receipt → duty stream p50 | p99 | routine intake meanwhile | silo RSS (MB) | activations |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(string.Join(" | ",
                $"| {result.Name}",
                $"{result.Submissions.PerSecond:F0}", Ms(result.Submissions.P50Ms), Ms(result.Submissions.P99Ms),
                $"{result.Submissions.PerSecond / ceilings.InsertTps:F2}",
                $"{result.Reads.PerSecond:F0}", Ms(result.Reads.P50Ms), Ms(result.Reads.P99Ms),
                $"{result.Reads.PerSecond / ceilings.SelectTps:F2}",
                result.DatabaseTransactionsDuringReads?.ToString(CultureInfo.InvariantCulture) ?? "n/a",
                Ms(result.Emergencies.P50Ms), $"{Ms(result.Emergencies.P99Ms)} (n={result.Emergencies.Count})",
                $"{result.RoutineDuringEmergencies.PerSecond:F0}/s",
                string.Join(" + ", result.SiloResidentMegabytes.Select(mb => mb.ToString("F0", CultureInfo.InvariantCulture))),
                result.SiloActivations.Count == 0 ? "n/a" : string.Join(" + ", result.SiloActivations.Select(count => count.ToString("F0", CultureInfo.InvariantCulture)))) + " |");
        }
        text.AppendLine();
        text.AppendLine($"Errors (non-2xx or failed requests): {string.Join("; ", results.Select(r => $"{r.Name}: {r.Submissions.Errors} submissions, {r.Reads.Errors} reads, {r.Emergencies.Errors} emergencies not seen on the stream"))}.");
        text.AppendLine();
        text.AppendLine("## Where the CPU went (ms of CPU per 1,000 requests, from /proc, during each phase)");
        text.AppendLine();
        text.AppendLine("| setup | phase | load generator | gateway | silos | PostgreSQL | total | machine busy |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            foreach (var (phase, cpu) in new[] { ("submissions", result.SubmissionCpu), ("reads", result.ReadCpu) })
                text.AppendLine($"| {result.Name} | {phase} | {cpu.LoadGenerator:F0} | {(result.OnPostgres ? cpu.Gateway.ToString("F0", CultureInfo.InvariantCulture) : "(in silo)")} | {cpu.Silos:F0} | {(result.OnPostgres ? cpu.Postgres.ToString("F0", CultureInfo.InvariantCulture) : "n/a")} | {cpu.Total:F0} | {cpu.MachineBusyShare:P0} |");
        }
        text.AppendLine();
        text.AppendLine($"{machine.Cores} cores give {machine.Cores * 1000:N0} ms of CPU per second, so a phase costing C ms per 1,000 requests in total cannot exceed {machine.Cores * 1_000_000:N0} / C requests per second here. " +
                        "The load generator and the gateway take their part of every request before the silo and PostgreSQL do any work.");
        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| target | setup | measured | result |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var result in results.Where(r => r.OnPostgres))
        {
            var submissionRatio = result.Submissions.PerSecond / ceilings.InsertTps;
            var readRatio = result.Reads.PerSecond / ceilings.SelectTps;
            text.AppendLine($"| durable submissions ≥ {SubmissionTarget} × pgbench insert | {result.Name} | {submissionRatio:F2} | {PassFail(submissionRatio >= SubmissionTarget)} |");
            text.AppendLine($"| reads ≥ {ReadTarget} × pgbench select-by-key | {result.Name} | {readRatio:F2} | {PassFail(readRatio >= ReadTarget)} |");
            var added = result.DatabaseTransactionsDuringReads - (result.BackgroundTransactionsForReadPhase ?? 0);
            text.AppendLine($"| reads of active items do not touch the database | {result.Name} | {result.DatabaseTransactionsDuringReads} transactions during {result.Reads.Count} reads (idle just before, the silo alone made about {result.BackgroundTransactionsForReadPhase} in the same time) | {PassFail(added < result.Reads.Count / 1000 + 100)} |");
        }
        foreach (var result in results)
            text.AppendLine($"| emergency receipt → duty stream p99 < {EmergencyP99TargetMs} ms at half intake | {result.Name} | {Ms(result.Emergencies.P99Ms)} | {PassFail(result.Emergencies.P99Ms < EmergencyP99TargetMs && result.Emergencies.Errors == 0 && result.EmergencySubmissions.Errors == 0)} |");
        var one = results.FirstOrDefault(r => r.Name.StartsWith("1 silo", StringComparison.Ordinal));
        var three = results.FirstOrDefault(r => r.Name.StartsWith("3 silos", StringComparison.Ordinal));
        if (one is not null && three is not null)
            text.AppendLine($"| 3 silos give more submissions/s than 1 on the same cores | 3 vs 1 silo | {three.Submissions.PerSecond:F0} vs {one.Submissions.PerSecond:F0} /s | {PassFail(three.Submissions.PerSecond > one.Submissions.PerSecond)} |");
        if (one is not null && three is not null && three.Submissions.PerSecond <= one.Submissions.PerSecond)
        {
            text.AppendLine();
            text.AppendLine("Why 3 silos are not faster here: all processes share the same cores, so a third and second silo add no CPU, only cost — " +
                            "each silo runs its own runtime, membership probes and timers; grains are placed across silos, so most grain calls of a submission " +
                            "(item, month index, unit inbox, scoreboard) become silo-to-silo messages that are serialized and sent over TCP; and the gateway " +
                            "now balances over three destinations. More silos pay off when they bring their own cores (one per machine or container).");
        }
        return text.ToString();
    }

    /// <summary>The report with the section under <paramref name="heading"/> put in place of an earlier one, or added at the end.</summary>
    public static string ReplaceSection(string? report, string heading, string section)
    {
        if (string.IsNullOrEmpty(report))
            return "# OfficeMesh benchmark\n\n" + section;
        var start = report.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
            return report.TrimEnd() + "\n\n" + section;
        var next = report.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var rest = next < 0 ? "" : report[(next + 1)..];
        return report[..start] + section + (rest.Length == 0 ? "" : "\n" + rest);
    }

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : $"{milliseconds:F1} ms";

    public static string PassFail(bool pass) => pass ? "**pass**" : "**fail**";

    /// <summary>Two panels side by side: throughput per setup against the ceilings, and p99 latency per setup.</summary>
    public static void Chart(string path, PgbenchCeilings ceilings, IReadOnlyList<SetupResult> results)
    {
        const int panelWidth = 800, height = 520;
        var labels = results.Select(r => r.Name.Replace(" (PostgreSQL)", "\n(PostgreSQL)").Replace(" (SQLite)", "\n(SQLite)")).ToArray();

        var throughput = new Plot();
        var submitColor = Colors.SteelBlue;
        var readColor = Colors.DarkOrange;
        var bars = new List<Bar>();
        for (var i = 0; i < results.Count; i++)
        {
            bars.Add(new Bar { Position = i * 3, Value = results[i].Submissions.PerSecond, FillColor = submitColor, Label = $"{results[i].Submissions.PerSecond:F0}" });
            bars.Add(new Bar { Position = i * 3 + 1, Value = results[i].Reads.PerSecond, FillColor = readColor, Label = $"{results[i].Reads.PerSecond:F0}" });
        }
        throughput.Add.Bars(bars);
        AddCeiling(throughput, ceilings.InsertTps, submitColor, $"pgbench insert ceiling {ceilings.InsertTps:F0}/s");
        AddCeiling(throughput, ceilings.SelectTps, readColor, $"pgbench select ceiling {ceilings.SelectTps:F0}/s");
        throughput.Legend.ManualItems.Add(new LegendItem { LabelText = "submissions/s", FillColor = submitColor });
        throughput.Legend.ManualItems.Add(new LegendItem { LabelText = "reads/s", FillColor = readColor });
        throughput.Legend.Alignment = Alignment.UpperLeft;
        throughput.Axes.Bottom.SetTicks(Enumerable.Range(0, results.Count).Select(i => i * 3 + 0.5).ToArray(), labels);
        throughput.Axes.Margins(bottom: 0, top: 0.25);
        throughput.Title("Throughput through the gateway (requests/s)");

        var latency = new Plot();
        var latencyBars = new List<Bar>();
        var series = new (string Label, Color Color, Func<SetupResult, double> Value)[]
        {
            ("submission p99", submitColor, r => r.Submissions.P99Ms),
            ("read p99", readColor, r => r.Reads.P99Ms),
            ("emergency → duty stream p99", Colors.Crimson, r => r.Emergencies.P99Ms),
        };
        for (var i = 0; i < results.Count; i++)
        {
            for (var s = 0; s < series.Length; s++)
            {
                var value = series[s].Value(results[i]);
                latencyBars.Add(new Bar { Position = i * 4 + s, Value = double.IsNaN(value) ? 0 : value, FillColor = series[s].Color, Label = double.IsNaN(value) ? "n/a" : $"{value:F0}" });
            }
        }
        latency.Add.Bars(latencyBars);
        foreach (var (label, color, _) in series)
            latency.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        latency.Legend.Alignment = Alignment.UpperLeft;
        var target = latency.Add.HorizontalLine(EmergencyP99TargetMs);
        target.Color = Colors.Crimson;
        target.LinePattern = LinePattern.Dashed;
        target.LegendText = "emergency target 200 ms";
        latency.Axes.Bottom.SetTicks(Enumerable.Range(0, results.Count).Select(i => i * 4 + 1.0).ToArray(), labels);
        latency.Axes.Margins(bottom: 0, top: 0.25);
        latency.Title("p99 latency (ms)");

        using var surface = SKSurface.Create(new SKImageInfo(panelWidth * 2, height));
        surface.Canvas.Clear(SKColors.White);
        foreach (var (plot, left) in new[] { (throughput, 0), (latency, panelWidth) })
        {
            using var panel = SKImage.FromEncodedData(plot.GetImage(panelWidth, height).GetImageBytes());
            surface.Canvas.DrawImage(panel, left, 0, new SKSamplingOptions(SKFilterMode.Linear));
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static void AddCeiling(Plot plot, double value, Color color, string label)
    {
        var line = plot.Add.HorizontalLine(value);
        line.Color = color;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = label;
    }
}
