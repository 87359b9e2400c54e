namespace Traceability.Devices.Tests;

/// <summary>A temporary folder deleted at disposal.</summary>
internal sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("traceability-devices-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process being killed; the OS cleans temp.
        }
    }
}
