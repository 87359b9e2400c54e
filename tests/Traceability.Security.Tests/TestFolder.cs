namespace Traceability.Security.Tests;

/// <summary>A fresh folder under the temp directory, deleted with the test.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trk-security-" + Guid.NewGuid().ToString("N"));

    public TestFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a failed test; the temp folder is cleaned by the system.
        }
    }
}
