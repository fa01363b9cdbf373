using System.Diagnostics;
using Npgsql;

namespace OfficeMesh.Testing;

/// <summary>How a throwaway server treats durability.</summary>
public enum PostgresDurability
{
    /// <summary>fsync and synchronous commit off: durability is pointless for tests, and skipping it makes them fast.</summary>
    Off,

    /// <summary>fsync and synchronous commit on, as a production server runs: what benchmarks must measure against.</summary>
    Durable,
}

/// <summary>
/// A PostgreSQL cluster in a temporary directory, created with this machine's server binaries, owned by
/// this process and removed when disposed.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _directory;
    private readonly string _dataDirectory;

    private ThrowawayPostgres(string directory, string binDirectory, int port)
    {
        _directory = directory;
        _dataDirectory = Path.Combine(directory, "data");
        BinDirectory = binDirectory;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = ServiceUser,
            Database = "postgres",
            // Silos in the tests open many pooled connections to many databases.
            MaxPoolSize = 20,
        }.ConnectionString;
    }

    /// <summary>Connection string for the maintenance database, as the superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>Where initdb, pg_ctl and pgbench of this server live.</summary>
    public string BinDirectory { get; }

    public int Port { get; }

    public string UserName => ServiceUser;

    /// <summary>The server's log file, for diagnostics.</summary>
    public string LogFile => Path.Combine(_directory, "server.log");

    public static async Task<ThrowawayPostgres> StartAsync(PostgresDurability durability = PostgresDurability.Off, IReadOnlyList<string>? extraServerSettings = null)
    {
        var binDirectory = FindServerBinaries()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries not found: install them (Debian: apt-get install postgresql) or name a server by connection string");

        var directory = Path.Combine(Path.GetTempPath(), $"officemesh-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            // initdb and postgres refuse to run as root, so a root run hands the cluster to the service user.
            if (Environment.IsPrivilegedProcess)
                await RunAsync("chown", [ServiceUser, directory], asServiceUser: false);

            await RunAsync(Path.Combine(binDirectory, "initdb"),
                ["-D", Path.Combine(directory, "data"), "-U", ServiceUser, "--auth=trust", "-E", "UTF8",
                 "--locale=C", "--no-sync", "--no-instructions"],
                Environment.IsPrivilegedProcess);

            // Another process may grab the port between probing and binding; try a few.
            for (var attempt = 1; ; attempt++)
            {
                var server = new ThrowawayPostgres(directory, binDirectory, FreePort.Next());
                try
                {
                    await server.StartServerAsync(durability, extraServerSettings ?? []);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            TryDeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Creates a new, empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string adminConnectionString, string? prefix = null)
    {
        var safePrefix = new string((prefix ?? "officemesh").ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        if (safePrefix.Length > 30)
            safePrefix = safePrefix[..30];
        var databaseName = $"{(safePrefix.Length == 0 ? "officemesh" : safePrefix)}_{Guid.NewGuid():N}";

        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName }.ConnectionString;
    }

    /// <summary>Runs one of the server's client programs (pgbench, psql) against it and returns its standard output.</summary>
    public Task<string> RunClientAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        RunAsync(Path.Combine(BinDirectory, program), ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", ServiceUser, .. arguments], asServiceUser: false, timeout);

    private async Task StartServerAsync(PostgresDurability durability, IReadOnlyList<string> extraServerSettings)
    {
        string[] durabilitySettings = durability == PostgresDurability.Off
            ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
            : ["-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on"];
        var serverOptions = string.Join(' ', new[]
        {
            "-c listen_addresses=127.0.0.1",
            $"-c port={Port}",
            $"-c unix_socket_directories={_directory}",
            "-c max_connections=300",
            // Far from UTC on purpose: a timestamp stored in the wrong zone shows up as hours of drift.
            "-c timezone=Pacific/Auckland",
        }.Concat(durabilitySettings).Concat(extraServerSettings.Select(setting => $"-c {setting}")));
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
            ["-D", _dataDirectory, "-l", LogFile, "-o", serverOptions, "-w", "-t", "60", "start"],
            Environment.IsPrivilegedProcess);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], Environment.IsPrivilegedProcess);
        }
        finally
        {
            TryDeleteDirectory(_directory);
        }
    }

    private static string? FindServerBinaries()
    {
        static bool HasServer(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(versionDirectory => (Version: ParseVersion(Path.GetFileName(versionDirectory)), Bin: Path.Combine(versionDirectory, "bin")))
                .Where(candidate => candidate.Version is not null && HasServer(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .FirstOrDefault();
            if (newest.Bin is not null)
                return newest.Bin;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser, TimeSpan? timeout = null)
    {
        var startInfo = asServiceUser
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", ServiceUser, "--", program } }
            : new ProcessStartInfo(program);
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        // Keep the service user out of the caller's working directory, which it may not be allowed to read.
        startInfo.WorkingDirectory = Path.GetTempPath();

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? CommandTimeout);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        return await output + await error;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
