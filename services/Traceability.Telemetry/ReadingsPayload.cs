using System.Text.Json;

namespace Traceability.Telemetry;

/// <summary>Writes the wire forms (UTF-8 JSON) of the contract's messages.</summary>
public static class ReadingsPayload
{
    public static byte[] Serialize(ReadingBatch batch) => JsonSerializer.SerializeToUtf8Bytes(batch, TelemetryJson.Default.ReadingBatch);

    public static byte[] Serialize(DeviceStatus status) => JsonSerializer.SerializeToUtf8Bytes(status, TelemetryJson.Default.DeviceStatus);

    public static DeviceStatus? ParseStatus(ReadOnlySpan<byte> payload) => JsonSerializer.Deserialize(payload, TelemetryJson.Default.DeviceStatus);

    /// <summary>Reads a device list such as <c>demo-devices.json</c>.</summary>
    public static IReadOnlyList<DeviceCredentials> ReadDevices(string path)
    {
        using var file = File.OpenRead(path);
        return JsonSerializer.Deserialize(file, TelemetryJson.Default.ListDeviceCredentials) ?? [];
    }

    public static void WriteDevices(string path, IReadOnlyList<DeviceCredentials> devices) =>
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(devices.ToList(), TelemetryJson.Default.ListDeviceCredentials));
}
