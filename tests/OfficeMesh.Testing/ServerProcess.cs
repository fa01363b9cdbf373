using System.Diagnostics;
using System.Net;
using System.Text;

namespace OfficeMesh.Testing;

/// <summary>
/// A real OfficeMesh server process, started as an operator would (<c>dotnet OfficeMesh.Server.dll</c>),
/// so that kill -9 and restarts are the real thing. Its output is kept for failure messages.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly Uri _healthAddress;

    private ServerProcess(Process process, Uri address, Uri healthAddress)
    {
        _process = process;
        Address = address;
        _healthAddress = healthAddress;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the server process (for its memory, CPU).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the server on <paramref name="port"/> with settings given as environment variables, as in a deployment.</summary>
    /// <param name="serverDll">A server other than the build beside the caller (a published one); its folder is the working directory.</param>
    public static ServerProcess Start(int port, IReadOnlyDictionary<string, string> environment, string? serverDll = null) =>
        Start(new Uri($"http://127.0.0.1:{port}"), environment, serverDll: serverDll);

    /// <summary>
    /// Starts the server listening on <paramref name="address"/> (http or https); readiness is asked at
    /// <paramref name="healthAddress"/> when given (a silo's plain-HTTP health port), else at the address.
    /// </summary>
    public static ServerProcess Start(Uri address, IReadOnlyDictionary<string, string> environment, Uri? healthAddress = null, string? serverDll = null) =>
        StartProgram(serverDll ?? ServerDll, address, environment, healthAddress);

    /// <summary>
    /// Starts another ASP.NET Core program (<paramref name="dll"/>, e.g. the benchmark's peer) the same way: same
    /// logging and garbage collector settings, readiness asked at /health/ready.
    /// </summary>
    public static ServerProcess StartProgram(string dll, Uri address, IReadOnlyDictionary<string, string> environment, Uri? healthAddress = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", address.GetLeftPart(UriPartial.Authority) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The addresses it listens on, for WaitUntilReadyAsync.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["DOTNET_gcServer"] = "0";
        return new ServerProcess(Process.Start(start)!, address, healthAddress ?? address);
    }

    /// <summary>
    /// Polls /health/ready until it answers 200 and the server has said it listens on that port; fails with the server's
    /// output otherwise. A port <see cref="FreePort"/> found free can still be taken by another program before this server
    /// binds it; that program would answer the poll while this server fails to start, and the failure names the port.
    /// </summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = _healthAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK && ListensOn(_healthAddress.Port))
                    return clock.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"{Address} was not ready within {timeout}:\n{Output}");
    }

    // ASP.NET Core's own line once Kestrel has bound an address ("Now listening on: http://127.0.0.1:5000").
    private bool ListensOn(int port) => Output.Split('\n').Any(line =>
        line.Contains("Now listening on:", StringComparison.Ordinal) && line.TrimEnd().EndsWith($":{port}", StringComparison.Ordinal));

    /// <summary>
    /// SIGTERM, as an orchestrator stopping a node sends it: the server stops gracefully. Returns how long it took
    /// to exit; fails with its output if it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
            await kill.WaitForExitAsync(cancellationToken);
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Address} did not stop within {timeout} of SIGTERM:\n{Output}");
        }
        return clock.Elapsed;
    }

    /// <summary>kill -9: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>
    /// The server as built in the same configuration as the calling program (tests and the benchmark
    /// reference the server project, so it is always fresh).
    /// </summary>
    private static string ServerDll => LocatedServerDll.Value;

    private static readonly Lazy<string> LocatedServerDll = new(Locate);

    private static string Locate()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        var dll = Path.Combine(RepositoryRoot, "src", "OfficeMesh.Server", "bin", configuration, "net10.0", "OfficeMesh.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }

    /// <summary>The folder of OfficeMesh.sln, above the calling program's output directory.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OfficeMesh.sln")))
                    return directory.FullName;
            }
            throw new DirectoryNotFoundException("Could not find OfficeMesh.sln above the program's output directory.");
        }
    }
}
