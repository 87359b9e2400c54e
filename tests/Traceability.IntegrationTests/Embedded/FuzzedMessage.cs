using Traceability.Telemetry;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>One generated readings message: whose login publishes it (on its own topic), what kind of defect it carries, the bytes.</summary>
internal sealed record FuzzedMessage(int Index, DeviceCredentials Device, string Kind, byte[] Payload);
