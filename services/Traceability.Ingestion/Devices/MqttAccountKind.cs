namespace Traceability.Ingestion.Devices;

/// <summary>Who an MQTT login belongs to.</summary>
public enum MqttAccountKind
{
    /// <summary>A sensor gateway at one site of one facility: publishes its own readings and status, subscribes to nothing.</summary>
    Device,

    /// <summary>The platform itself (e.g. <c>traceability-ingestion</c>): subscribes to every device's readings and status, publishes nothing.</summary>
    Service,
}
