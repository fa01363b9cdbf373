using System.Diagnostics;
using OfficeMesh.Tests.Infrastructure;
using Xunit;

namespace OfficeMesh.Tests.Operations;

/// <summary>
/// Runs the benchmark's smoke mode as CI would run <c>./bench.sh --smoke</c>, so the benchmark never rots.
/// Asserts only that a report with numbers and a chart came out: timings on a CI machine mean nothing.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_benchmark_smoke_run_writes_a_report_with_numbers_and_a_chart()
    {
        var output = Directory.CreateTempSubdirectory("officemesh-bench-smoke-test-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { BenchmarkDll(), "--smoke", "--out", output.FullName },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            finally
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }

            Assert.True(process.ExitCode == 0, $"The smoke run failed:\n{await stdout}\n{await stderr}");
            var report = await File.ReadAllTextAsync(Path.Combine(output.FullName, "benchmarks.md"), TestContext.Current.CancellationToken);
            Assert.Contains("pgbench", report);
            Assert.Matches(@"\| 1 silo \+ gateway \(PostgreSQL\) \| [0-9]+ \|", report);
            Assert.True(new FileInfo(Path.Combine(output.FullName, "benchmark.png")).Length > 1000, "The chart was written.");
            // The peer comparison (issue 14): the plain alternative and OfficeMesh measured in the same run, judged against their targets.
            Assert.Matches(@"\| peer: minimal API \+ JWT[^|]*\| [0-9]+ \|", report);
            Assert.Matches(@"\| submissions/s ≥ 1\.0 × the peer's \| [0-9.]+ \(", report);
            Assert.Matches(@"\| CPU per 1,000 submissions, all processes, < 597 ms[^|]*\| [0-9]+ ms \|", report);
            Assert.Matches(@"\| navigation to a usable sign-in page [^|]*\| 2 s \| [0-9]+ ms \|", report);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>The benchmark built in the same configuration as these tests (the test project references it).</summary>
    private static string BenchmarkDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OfficeMesh.sln")))
                return Path.Combine(directory.FullName, "bench", "OfficeMesh.Benchmarks", "bin", configuration, "net10.0", "OfficeMesh.Benchmarks.dll");
        }
        throw new DirectoryNotFoundException("Could not find OfficeMesh.sln above the test output directory.");
    }
}
