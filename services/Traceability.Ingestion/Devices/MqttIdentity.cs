using Traceability.Telemetry;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// Who is behind an authenticated MQTT login: a device (with the one facility and site it belongs to)
/// or a service account (no place). What it may do on the broker follows from this alone (<see cref="TopicAccess"/>).
/// </summary>
public sealed record MqttIdentity(string Username, MqttAccountKind Kind, string? Facility = null, string? Site = null, string? Device = null)
{
    /// <summary>A device's identity.</summary>
    public static MqttIdentity ForDevice(string username, string facility, string site, string device) =>
        new(username, MqttAccountKind.Device, facility, site, device);

    /// <summary>A service account's identity.</summary>
    public static MqttIdentity ForService(string username) => new(username, MqttAccountKind.Service);

    /// <summary>The device's readings topic (null for a service account).</summary>
    public string? ReadingsTopic => Kind == MqttAccountKind.Device ? TelemetryTopics.Readings(Facility!, Site!, Device!) : null;

    /// <summary>The device's status topic (null for a service account).</summary>
    public string? StatusTopic => Kind == MqttAccountKind.Device ? TelemetryTopics.Status(Facility!, Site!, Device!) : null;
}
