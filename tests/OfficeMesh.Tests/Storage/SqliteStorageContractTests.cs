using OfficeMesh.Storage.Embedded;
using Orleans.Hosting;

namespace OfficeMesh.Tests.Storage;

/// <summary>The storage contract, held by the embedded SQLite providers on a fresh data directory.</summary>
public sealed class SqliteStorageContractTests : StorageContractTests
{
    private readonly TemporaryDataDirectory _dataDirectory = new();

    protected override void ConfigureStorage(ISiloBuilder silo) => silo.UseOfficeMeshEmbeddedStorage(_dataDirectory.Path, StorageName);

    protected override Task CleanUpAsync()
    {
        _dataDirectory.Dispose();
        return Task.CompletedTask;
    }
}
