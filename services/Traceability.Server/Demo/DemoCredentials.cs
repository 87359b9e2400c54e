using System.Text.Json;
using System.Text.Json.Serialization;
using Traceability.Events;
using Traceability.Security.ApiKeys;
using Traceability.Security.Principals;

namespace Traceability.Server.Demo;

/// <summary>
/// With <c>--demo</c>: <c>&lt;data-dir&gt;/demo-credentials.json</c> (mode 0600; demo data only,
/// never written on a non-demo start) with an admin key, an inspector key and an operator key for
/// each demo facility. Keys in an existing file that still verify are kept, so a second
/// <c>--demo</c> start on the same folder gives the same file; missing or revoked ones are issued anew.
/// </summary>
public static class DemoCredentials
{
    public const string FileName = "demo-credentials.json";

    public static string Ensure(ApiKeyStore keys, string dataDir, IEnumerable<FacilityEvent> demoEvents, string? firstAdminKey)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var path = Path.Combine(dataDir, FileName);
        var known = File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), DemoCredentialJson.Default.DemoCredentialFile) : null;
        string Live(string? key, Func<string> issue) => key is not null && keys.Verify(key).Succeeded ? key : issue();

        var admin = Live(known?.Admin, () => firstAdminKey ?? keys.Issue(Principal.ForAdmin("demo-admin"), "demo admin").Key.ToString());
        var inspector = Live(known?.Inspector, () => keys.Issue(Principal.ForInspector("demo-inspector"), "demo inspector (nationwide)").Key.ToString());
        var operators = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var facility in demoEvents.OfType<FacilityRegistered>().Select(f => f.FacilityId).Distinct(StringComparer.Ordinal))
        {
            operators[facility] = Live(known?.Operators is { } ops && ops.TryGetValue(facility, out var existing) ? existing : null, () => keys.Issue(Principal.ForOperator($"demo-operator-{facility}", facility), $"demo operator of {facility}").Key.ToString());
        }

        var file = new DemoCredentialFile("Demo data only: these keys act for the demo facilities. Send them as 'Authorization: ApiKey <key>'.", admin, inspector, operators);
        var temporary = path + ".new";
        File.WriteAllText(temporary, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(temporary, JsonSerializer.Serialize(file, DemoCredentialJson.Default.DemoCredentialFile));
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}

public sealed record DemoCredentialFile(
    [property: JsonPropertyName("note")] string Note,
    [property: JsonPropertyName("admin")] string Admin,
    [property: JsonPropertyName("inspector")] string Inspector,
    [property: JsonPropertyName("operators")] IDictionary<string, string> Operators);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DemoCredentialFile))]
internal sealed partial class DemoCredentialJson : JsonSerializerContext;
