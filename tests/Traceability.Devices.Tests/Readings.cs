using Traceability.Telemetry;

namespace Traceability.Devices.Tests;

/// <summary>Readings for tests.</summary>
internal static class Readings
{
    public static SensorReading[] Temperature(double value, int count = 1) =>
        [.. Enumerable.Range(0, count).Select(i => new SensorReading("t1", "temperature", "CEL", value, DateTimeOffset.UtcNow.AddSeconds(-count + i)))];
}
