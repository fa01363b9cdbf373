using System.Diagnostics;
using OfficeMesh.Testing;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// The server as a deployment runs it: <c>dotnet publish -c Release</c>, which trims the web
/// workspace's assemblies and compresses its files with Brotli. A server run from its build output
/// sends the untrimmed framework, so the web phase would time what no county office receives.
/// </summary>
public static class PublishedServer
{
    public static async Task<string> PublishAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var project = Path.Combine(ServerProcess.RepositoryRoot, "src", "OfficeMesh.Server");
        var output = Path.Combine(Path.GetTempPath(), "officemesh-bench-published-server");
        log($"  publishing the server (dotnet publish -c Release) to {output}…");
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
            throw new InvalidOperationException($"dotnet publish of the server failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        log($"  published in {clock.Elapsed.TotalSeconds:F0} s.");
        return Path.Combine(output, "OfficeMesh.Server.dll");
    }
}
