using System.Text.Json.Serialization;

namespace Traceability.Telemetry;

/// <summary>
/// One MQTT message on a readings topic: a batch of readings of one device, numbered by the
/// device. <see cref="Sequence"/> increases by one for every message the device buffers, so the
/// platform stores each message once however often it is delivered.
/// </summary>
public sealed record ReadingBatch(
    [property: JsonPropertyName("device"), JsonRequired] string Device,
    [property: JsonPropertyName("seq"), JsonRequired] long Sequence,
    [property: JsonPropertyName("readings"), JsonRequired] IReadOnlyList<SensorReading> Readings);

/// <summary>One measurement: which sensor of the device, what it measures, in which unit, the value and the device's time.</summary>
public sealed record SensorReading(
    [property: JsonPropertyName("sensor"), JsonRequired] string Sensor,
    [property: JsonPropertyName("quantity"), JsonRequired] string Quantity,
    [property: JsonPropertyName("unit"), JsonRequired] string Unit,
    [property: JsonPropertyName("value"), JsonRequired] double Value,
    [property: JsonPropertyName("at"), JsonRequired, JsonConverter(typeof(ExplicitOffsetConverter))] DateTimeOffset At);

/// <summary>
/// A device's liveness on its status topic (retained): <c>online</c> when it connects (birth),
/// <c>offline</c> as its last will or when it stops, with what its disk buffer holds.
/// </summary>
public sealed record DeviceStatus(
    [property: JsonPropertyName("device"), JsonRequired] string Device,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("at"), JsonRequired] DateTimeOffset At,
    [property: JsonPropertyName("buffered")] long Buffered = 0,
    [property: JsonPropertyName("dropped")] long Dropped = 0)
{
    public const string Online = "online";
    public const string Offline = "offline";
}

/// <summary>
/// What a device needs to publish: its id, where it is, its topic and its MQTT login. The demo
/// server writes a list of these to <c>demo-devices.json</c>.
/// </summary>
public sealed record DeviceCredentials(
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("facility")] string Facility,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(ReadingBatch))]
[JsonSerializable(typeof(DeviceStatus))]
[JsonSerializable(typeof(DeviceCredentials))]
[JsonSerializable(typeof(IReadOnlyList<DeviceCredentials>))]
[JsonSerializable(typeof(List<DeviceCredentials>))]
public sealed partial class TelemetryJson : JsonSerializerContext;
