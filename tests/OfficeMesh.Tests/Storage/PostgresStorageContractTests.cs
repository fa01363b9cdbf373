using OfficeMesh.Storage.Postgres;
using OfficeMesh.Tests.Infrastructure;
using Orleans.Hosting;

namespace OfficeMesh.Tests.Storage;

/// <summary>The same storage contract, held by Orleans' ADO.NET providers on OfficeMesh's PostgreSQL schema.</summary>
public sealed class PostgresStorageContractTests(PostgresServer postgres) : StorageContractTests
{
    private string _connectionString = "";

    protected override async Task PrepareAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync("contract");
        await PostgresSchema.ApplyAsync(_connectionString);
    }

    protected override void ConfigureStorage(ISiloBuilder silo) => silo.UseOfficeMeshPostgresStorage(_connectionString, StorageName);
}
