using Microsoft.Data.Sqlite;

namespace Traceability.Persistence.Tests.Fixtures;

/// <summary>
/// A temporary folder holding one test's event-store file, deleted with everything in it when
/// the test ends.
/// </summary>
internal sealed class StoreFolder : IDisposable
{
    public StoreFolder()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "traceability-persistence-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The store file inside the folder (created by the store on first open).</summary>
    public string StoreFile => System.IO.Path.Combine(Path, "events.db");

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the folder can go on every OS.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
