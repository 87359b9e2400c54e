using Traceability.Security.Principals;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// Who is behind an authenticated MQTT login: a device (with the one facility and site it belongs to)
/// or a service account (no place). What it may do on the broker follows from this alone (<see cref="TopicAccess"/>).
/// </summary>
public sealed record MqttIdentity(string Username, MqttAccountKind Kind, string? Facility = null, string? Site = null, string? Device = null)
{
    /// <summary>
    /// The device as the access policy sees it (<see cref="Principal.ForDevice"/>'s shape, built once per identity so the
    /// broker's per-message check allocates no principal); null for a service account. Built without the factory's
    /// check: an identity of the wrong shape gives a principal the policy denies everything, rather than an exception.
    /// </summary>
    public Principal? Principal { get; } = Kind == MqttAccountKind.Device
        ? new Principal(Role.Device, Username, FacilityId: Facility, DeviceId: Device, SiteId: Site)
        : null;

    /// <summary>A device's identity.</summary>
    public static MqttIdentity ForDevice(string username, string facility, string site, string device) =>
        new(username, MqttAccountKind.Device, facility, site, device);

    /// <summary>A service account's identity.</summary>
    public static MqttIdentity ForService(string username) => new(username, MqttAccountKind.Service);

    /// <summary>The device's readings topic (null for a service account).</summary>
    public string? ReadingsTopic => Kind == MqttAccountKind.Device ? TelemetryTopics.Readings(Facility!, Site!, Device!) : null;

    /// <summary>The device's status topic (null for a service account).</summary>
    public string? StatusTopic => Kind == MqttAccountKind.Device ? TelemetryTopics.Status(Facility!, Site!, Device!) : null;

    /// <summary>How the audit log names the account: <c>device:&lt;username&gt;</c> or <c>service:&lt;username&gt;</c>.</summary>
    public string AuditName => Kind == MqttAccountKind.Device ? Principal!.ToString() : $"service:{Username}";

    // Records compare their properties; the principal follows from the others.
    public bool Equals(MqttIdentity? other) =>
        other is not null && Username == other.Username && Kind == other.Kind && Facility == other.Facility && Site == other.Site && Device == other.Device;

    public override int GetHashCode() => HashCode.Combine(Username, Kind, Facility, Site, Device);
}
