using Traceability.Telemetry;

namespace Traceability.IntegrationTests.External;

/// <summary>A reading as a device sent it, with where it was sent from.</summary>
internal sealed record SentReading(string Site, string Device, SensorReading Reading);
