using System.Diagnostics;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// The programs as a deployment runs them: <c>dotnet publish -c Release</c>, OfficeMesh's server and the peer alike.
/// The server's publish trims the web workspace's assemblies and compresses its files with Brotli: run from its build
/// output, it would send browsers the untrimmed framework, which no county office receives. (Precompiling with
/// ReadyToRun was tried: both programs handled a fifth fewer submissions per second, so neither is.)
/// </summary>
public static class PublishedServer
{
    /// <summary>With --reuse-published, what an earlier run published is run again (for comparing settings quickly).</summary>
    public static bool Reuse { get; set; }

    public static Task<string> PublishAsync(Action<string> log, CancellationToken cancellationToken) =>
        PublishAsync(Path.Combine("src", "OfficeMesh.Server"), "OfficeMesh.Server", log, cancellationToken);

    public static Task<string> PublishPeerAsync(Action<string> log, CancellationToken cancellationToken) =>
        PublishAsync(Path.Combine("bench", "OfficeMesh.Peer"), "OfficeMesh.Peer", log, cancellationToken);

    private static async Task<string> PublishAsync(string projectDirectory, string name, Action<string> log, CancellationToken cancellationToken)
    {
        var project = Path.Combine(ServerProcess.RepositoryRoot, projectDirectory);
        var output = Path.Combine(Path.GetTempPath(), $"officemesh-bench-published-{name}");
        var dll = Path.Combine(output, $"{name}.dll");
        if (Reuse && File.Exists(dll))
        {
            log($"  running {name} as published earlier ({output}, --reuse-published).");
            return dll;
        }
        log($"  publishing {name} (dotnet publish -c Release) to {output}…");
        var clock = Stopwatch.StartNew();
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", "Release", "-o", output, "-v", "quiet", "-nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = publish.StandardError.ReadToEndAsync(cancellationToken);
        await publish.WaitForExitAsync(cancellationToken);
        if (publish.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish of {name} failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        log($"  published in {clock.Elapsed.TotalSeconds:F0} s.");
        return dll;
    }
}
