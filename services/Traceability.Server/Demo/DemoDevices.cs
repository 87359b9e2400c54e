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
/// otherwise the device is registered, or its password rotated. A gateway an admin revoked stays
/// revoked and is left out of the file (the demo still starts).
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

            var registered = registry.Find(deviceId);
            if (registered is { IsRevoked: true })
            {
                // An admin revoked it: it stays revoked (and out of the file); the other gateways carry on.
                continue;
            }

            devices.Add(registered is not null
                ? registry.Rotate(deviceId) ?? throw new InvalidOperationException($"Demo device '{deviceId}' could not be given a new password.")
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
