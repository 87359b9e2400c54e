using System.Text.Json.Nodes;

namespace Traceability.Epcis.Tests;

/// <summary>The test fixtures copied beside the test assembly (never read from outside the repository).</summary>
internal static class Fixture
{
    public static string Directory(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Path_(string folder, string file) => Path.Combine(Directory(folder), file);

    public static JsonNode Json(string path) => EpcisDocuments.Parse(File.ReadAllText(path));

    public static string[] Lines(string path) =>
        File.ReadAllLines(path).Where(line => line.Length > 0).ToArray();

    public static IEnumerable<string> Vectors() =>
        System.IO.Directory.EnumerateFiles(Directory("epcis-hash"), "*.jsonld")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> Examples() =>
        System.IO.Directory.EnumerateFiles(Directory("epcis-examples"), "*.jsonld", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Directory("epcis-examples"), path))
            .Order(StringComparer.Ordinal);
}
