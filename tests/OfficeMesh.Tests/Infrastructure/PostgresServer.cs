using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;
using OfficeMesh.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the whole test run. Uses the server named by
/// OFFICEMESH_TEST_POSTGRES when set; otherwise creates a throwaway cluster with the local
/// server binaries and removes it afterwards. Each test class asks for its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "OFFICEMESH_TEST_POSTGRES";

    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private string? _adminConnectionString;
    private ThrowawayCluster? _cluster;

    /// <summary>Connection string for the maintenance database, with rights to create databases.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL server has not been started.");

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external;
            return;
        }

        _cluster = await ThrowawayCluster.StartAsync();
        _adminConnectionString = _cluster.ConnectionString;
    }

    /// <summary>Creates a new, empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var safePrefix = new string((prefix ?? "officemesh").ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        if (safePrefix.Length > 30)
        {
            safePrefix = safePrefix[..30];
        }
        var databaseName = $"{(safePrefix.Length == 0 ? "officemesh" : safePrefix)}_{Guid.NewGuid():N}";

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = databaseName }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A PostgreSQL cluster in a temporary directory, owned by this process.</summary>
    private sealed class ThrowawayCluster : IAsyncDisposable
    {
        private readonly string _directory;
        private readonly string _dataDirectory;
        private readonly string _pgCtl;

        private ThrowawayCluster(string directory, string pgCtl, int port)
        {
            _directory = directory;
            _dataDirectory = Path.Combine(directory, "data");
            _pgCtl = pgCtl;
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

        public string ConnectionString { get; }

        public static async Task<ThrowawayCluster> StartAsync()
        {
            var binDirectory = FindServerBinaries()
                ?? throw new InvalidOperationException(
                    "PostgreSQL server binaries not found: install them (Debian: apt-get install postgresql) " +
                    $"or set {ConnectionStringVariable} to a connection string");

            var directory = Path.Combine(Path.GetTempPath(), $"officemesh-pg-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            try
            {
                // initdb and postgres refuse to run as root, so a root test run hands the cluster to the service user.
                if (Environment.IsPrivilegedProcess)
                {
                    await RunAsync("chown", [ServiceUser, directory], asServiceUser: false);
                }

                await RunAsync(Path.Combine(binDirectory, "initdb"),
                    ["-D", Path.Combine(directory, "data"), "-U", ServiceUser, "--auth=trust", "-E", "UTF8",
                     "--locale=C", "--no-sync", "--no-instructions"],
                    Environment.IsPrivilegedProcess);

                // Another process may grab the port between probing and binding; try a few.
                for (var attempt = 1; ; attempt++)
                {
                    var cluster = new ThrowawayCluster(directory, Path.Combine(binDirectory, "pg_ctl"), FreeTcpPort());
                    try
                    {
                        await cluster.StartServerAsync();
                        return cluster;
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

        private async Task StartServerAsync()
        {
            var port = new NpgsqlConnectionStringBuilder(ConnectionString).Port;
            // Durability is pointless for a throwaway server; skipping it makes the tests fast.
            var serverOptions = string.Join(' ',
                "-c listen_addresses=127.0.0.1",
                $"-c port={port}",
                $"-c unix_socket_directories={_directory}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
                // Far from UTC on purpose: a timestamp stored in the wrong zone shows up as hours of drift.
                "-c timezone=Pacific/Auckland");
            await RunAsync(_pgCtl,
                ["-D", _dataDirectory, "-l", Path.Combine(_directory, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"],
                Environment.IsPrivilegedProcess);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RunAsync(_pgCtl, ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], Environment.IsPrivilegedProcess);
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
                {
                    return newest.Bin;
                }
            }

            return (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(HasServer);
        }

        private static Version? ParseVersion(string name) =>
            Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

        private static int FreeTcpPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser)
        {
            var startInfo = asServiceUser
                ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", ServiceUser, "--", program } }
                : new ProcessStartInfo(program);
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
            startInfo.RedirectStandardOutput = true;
            startInfo.RedirectStandardError = true;
            startInfo.UseShellExecute = false;
            // Keep the service user out of the test's working directory, which it may not be allowed to read.
            startInfo.WorkingDirectory = Path.GetTempPath();

            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
            }
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
}
