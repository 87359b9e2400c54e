namespace Traceability.Events;

/// <summary>
/// A closed window of sensor readings at a site: for each device, which of its messages
/// (sequence range) and which device-time span the window covers, how many readings, a summary
/// per sensor and quantity, and the digest of the raw readings as the time-series store holds
/// them (see <c>Traceability.Conditions.ReadingsDigest</c>), so the raw series can be re-checked
/// against the ledger. Rendered as an EPCIS ObjectEvent with a <c>sensorElementList</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReadingsRecorded(
    string FacilityId,
    string SiteId,
    string WindowId,
    DeviceReadings[] Devices) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Readings, WindowId)];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), .. Creates()];
}

/// <summary>One device's part of a readings window.</summary>
/// <param name="DeviceId">The device (gateway) that sent the readings.</param>
/// <param name="FirstSequence">The first message sequence number of the device in the window.</param>
/// <param name="LastSequence">The last one.</param>
/// <param name="From">The earliest reading's device time.</param>
/// <param name="To">The latest reading's device time.</param>
/// <param name="Count">How many readings the window holds for the device.</param>
/// <param name="RawDigest">The digest of the device's raw readings from <paramref name="From"/> to <paramref name="To"/> (inclusive), <c>sha-256</c> hex.</param>
/// <param name="Sensors">A summary per sensor and quantity.</param>
[GenerateSerializer, Immutable]
public sealed record DeviceReadings(
    string DeviceId,
    long FirstSequence,
    long LastSequence,
    DateTimeOffset From,
    DateTimeOffset To,
    long Count,
    string RawDigest,
    SensorSummary[] Sensors);

/// <summary>The readings of one sensor and quantity in a window: count, minimum, maximum and mean.</summary>
[GenerateSerializer, Immutable]
public sealed record SensorSummary(
    string SensorId,
    string Quantity,
    string Unit,
    long Count,
    double Min,
    double Max,
    double Mean);
