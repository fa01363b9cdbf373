using Microsoft.Data.Sqlite;

namespace OfficeMesh.Tests.Storage;

/// <summary>A fresh, empty data directory under the system temp folder, deleted on dispose.</summary>
public sealed class TemporaryDataDirectory : IDisposable
{
    public TemporaryDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "officemesh-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        // Pooled connections keep the database open; release them before deleting the files.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless and must not fail the test.
        }
    }
}
