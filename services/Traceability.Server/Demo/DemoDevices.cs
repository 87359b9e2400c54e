using Traceability.Domain;
using Traceability.Events;
using Traceability.Ingestion.Devices;
using Traceability.Telemetry;

namespace Traceability.Server.Demo;

/// <summary>
/// The demo's sensor gateways: one per drying, processing and storage site of the demo
/// facilities (<c>{site}.GW1</c>), registered in the device registry, with their logins written
/// to <c>&lt;data-dir&gt;/demo-devices.json</c> (mode 0600; demo data only). A login already in
/// the file that still works is kept, so agents running against an earlier start keep working;
/// otherwise the device is registered, or its password rotated.
/// </summary>
public static class DemoDevices
{
    public const string FileName = "demo-devices.json";

    public static IReadOnlyList<DeviceCredentials> Ensure(DeviceRegistry registry, string dataDir, IEnumerable<FacilityEvent> demo)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(demo);
        var path = Path.Combine(dataDir, FileName);
        var known = File.Exists(path) ? ReadingsPayload.ReadDevices(path).ToDictionary(d => d.Device, StringComparer.Ordinal) : [];
        var devices = new List<DeviceCredentials>();
        foreach (var site in demo.OfType<SiteRegistered>().Where(s => s.Kind is SiteKind.Drying or SiteKind.Processing or SiteKind.Storage))
        {
            var deviceId = $"{site.SiteId}.GW1";
            if (known.TryGetValue(deviceId, out var login) && registry.Authenticate(login.Username, login.Password) is { Site: var registeredSite } && registeredSite == site.SiteId)
            {
                devices.Add(login);
                continue;
            }

            var registered = registry.List().Any(a => a.Identity.Device == deviceId);
            devices.Add(registered
                ? registry.Rotate(deviceId) ?? throw new InvalidOperationException($"Demo device '{deviceId}' is revoked; use a fresh data folder for the demo.")
                : registry.Register(site.FacilityId, site.SiteId, deviceId));
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        ReadingsPayload.WriteDevices(temporary, devices);
        File.Move(temporary, path, overwrite: true);
        return devices;
    }
}
