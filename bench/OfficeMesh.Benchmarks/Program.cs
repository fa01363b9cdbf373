using OfficeMesh.Benchmarks;

// ./bench.sh [--smoke|--peer|--scale|--setups documents]: see README, "Development", and docs/benchmarks.md for the last full run.
var repositoryRoot = FindRepositoryRoot();
var options = BenchmarkOptions.Parse(args, repositoryRoot);
PublishedServer.Reuse = args.Contains("--reuse-published");
Directory.CreateDirectory(options.OutputDirectory);
var smokeNote = options.Mode == BenchmarkMode.Smoke ? "Smoke run: durations of seconds, to keep the pipeline working; these numbers mean nothing." : null;
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    press.Cancel = true;
    cancellation.Cancel();
};
void Log(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

var machine = MachineInfo.Current();
Log($"OfficeMesh benchmark, {options.Mode} mode, on {machine.Describe()}; writing to {options.OutputDirectory}");
var command = "./bench.sh" + (args.Length == 0 ? "" : " " + string.Join(' ', args));
var reportPath = await (options.Mode switch
{
    BenchmarkMode.Scale => ScaleRun.RunAsync(options, machine, command, Log, cancellation.Token),
    BenchmarkMode.Web => RunWebAsync(),
    _ when options.PeerOnly => RunPeerAsync(),
    _ when options.Setups?.Contains(DocumentsRun.SetupName, StringComparer.OrdinalIgnoreCase) == true
        => DocumentsRun.RunAsync(options, machine, command, Log, cancellation.Token),
    _ => RunThroughputAsync(),
});
Log($"Report written to {reportPath}");
return 0;

async Task<string> RunThroughputAsync()
{
    var (measured, results, compared) = await BenchmarkRun.RunAsync(options, Log, cancellation.Token);
    var ceilings = measured ?? throw new InvalidOperationException("The full run measures the pgbench ceilings.");
    var markdown = Report.Markdown(machine, command, options, ceilings, results, smokeNote, PeerComparison.Section(compared, options));
    markdown = WebReport.Replace(markdown, await MeasureWebAsync());
    var path = Path.Combine(options.OutputDirectory, "benchmarks.md");
    await File.WriteAllTextAsync(path, markdown);
    Report.Chart(Path.Combine(options.OutputDirectory, "benchmark.png"), ceilings, results);
    Console.WriteLine();
    Console.WriteLine(markdown);
    return path;
}

// ./bench.sh --peer: the comparison with the peer alone, put in place of the report's earlier one.
async Task<string> RunPeerAsync()
{
    var (_, _, compared) = await BenchmarkRun.RunAsync(options, Log, cancellation.Token);
    var section = PeerComparison.Section(compared, options);
    var stated = section.Replace(PeerComparison.Heading + "\n", $"{PeerComparison.Heading}\n\nMachine: {machine.Describe()}. Command: `{command}`.{(smokeNote is null ? "" : " " + smokeNote)}\n", StringComparison.Ordinal);
    var path = Path.Combine(options.OutputDirectory, "benchmarks.md");
    var earlier = File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
    await File.WriteAllTextAsync(path, Report.ReplaceSection(earlier, PeerComparison.Heading, stated));
    Console.WriteLine();
    Console.WriteLine(stated);
    return path;
}

// ./bench.sh --web: the web workspace's timings alone, put in place of the report's earlier web section.
async Task<string> RunWebAsync()
{
    var path = Path.Combine(options.OutputDirectory, "benchmarks.md");
    var earlier = File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
    await File.WriteAllTextAsync(path, WebReport.Replace(earlier, await MeasureWebAsync()));
    return path;
}

async Task<string> MeasureWebAsync()
{
    var web = await WebPhase.RunAsync(options, Log, cancellation.Token);
    foreach (var verdict in WebReport.Verdicts(web))
        Log(verdict);
    return WebReport.Section(web, machine);
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "OfficeMesh.sln")))
            return directory.FullName;
    }
    throw new DirectoryNotFoundException("Could not find OfficeMesh.sln above the benchmark's output directory.");
}
