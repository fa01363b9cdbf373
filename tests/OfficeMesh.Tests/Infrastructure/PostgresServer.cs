using Xunit;
using OfficeMesh.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the whole test run. Uses the server named by
/// OFFICEMESH_TEST_POSTGRES when set; otherwise a throwaway cluster with the local server binaries
/// (<see cref="ThrowawayPostgres"/>), removed afterwards. Each test class asks for its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "OFFICEMESH_TEST_POSTGRES";

    private string? _adminConnectionString;
    private ThrowawayPostgres? _cluster;

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

        _cluster = await ThrowawayPostgres.StartAsync();
        _adminConnectionString = _cluster.ConnectionString;
    }

    /// <summary>Creates a new, empty database with a unique name and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string? prefix = null) => ThrowawayPostgres.CreateDatabaseAsync(AdminConnectionString, prefix);

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
