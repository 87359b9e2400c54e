using Traceability.Conditions;
using Traceability.Events;
using Traceability.Events.Epcis;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Tests.Pipeline;

public sealed class WindowSummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_window_summarises_each_sensor_and_digests_the_raw_readings()
    {
        var readings = new List<StoredReading>
        {
            Reading("d1", "air", "temperature", "CEL", 58.5, T0),
            Reading("d1", "air", "temperature", "CEL", 61.5, T0.AddMinutes(1)),
            Reading("d1", "air", "temperature", "CEL", 60.0, T0.AddMinutes(2)),
            Reading("d1", "air", "relative_humidity", "P1", 40, T0),
            Reading("d1", "probe", "moisture", "P1", 80, T0.AddMinutes(2)),
        };
        var window = Window("d1", 3, 5, T0, T0.AddMinutes(2));

        var recorded = WindowSummary.Build([window], _ => readings)!;

        Assert.Equal(("coop", "dryer-1"), (recorded.FacilityId, recorded.SiteId));
        var device = Assert.Single(recorded.Devices);
        Assert.Equal(("d1", 3L, 5L, 5L), (device.DeviceId, device.FirstSequence, device.LastSequence, device.Count));
        Assert.Equal((T0, T0.AddMinutes(2)), (device.From, device.To));
        Assert.Equal(ReadingsDigest.Compute(readings), device.RawDigest);
        Assert.Equal(
            [("air", "relative_humidity", 1L, 40.0, 40.0, 40.0), ("air", "temperature", 3L, 58.5, 61.5, 60.0), ("probe", "moisture", 1L, 80.0, 80.0, 80.0)],
            device.Sensors.Select(s => (s.SensorId, s.Quantity, s.Count, s.Min, s.Max, s.Mean)));
    }

    [Fact]
    public void The_same_windows_and_readings_give_the_same_event_and_id()
    {
        var readings = new[] { Reading("d1", "air", "temperature", "CEL", 60, T0), Reading("d2", "air", "temperature", "CEL", 25, T0) };
        var windows = new[] { Window("d2", 1, 1, T0, T0), Window("d1", 7, 7, T0, T0) };

        var first = WindowSummary.Build(windows, _ => readings)!;
        var second = WindowSummary.Build([.. windows.Reverse()], _ => readings)!;

        Assert.True(EventJson.SameFact(first, second));
        Assert.StartsWith("w-", first.WindowId, StringComparison.Ordinal);
        Assert.Equal(34, first.WindowId.Length);
        Assert.Equal(["d1", "d2"], first.Devices.Select(d => d.DeviceId));
    }

    [Fact]
    public void Different_readings_give_a_different_window_id()
    {
        var window = Window("d1", 1, 1, T0, T0);
        var a = WindowSummary.Build([window], _ => [Reading("d1", "air", "temperature", "CEL", 60, T0)])!;
        var b = WindowSummary.Build([window], _ => [Reading("d1", "air", "temperature", "CEL", 60.01, T0)])!;

        Assert.NotEqual(a.WindowId, b.WindowId);
        Assert.NotEqual(a.Devices[0].RawDigest, b.Devices[0].RawDigest);
    }

    [Fact]
    public void Readings_of_other_devices_in_the_span_are_not_counted()
    {
        var readings = new[] { Reading("d1", "air", "temperature", "CEL", 60, T0), Reading("other", "air", "temperature", "CEL", 20, T0) };

        var recorded = WindowSummary.Build([Window("d1", 1, 1, T0, T0)], _ => readings)!;

        Assert.Equal(1, Assert.Single(recorded.Devices).Count);
    }

    [Fact]
    public void A_window_whose_readings_are_gone_gives_no_event()
    {
        Assert.Null(WindowSummary.Build([Window("d1", 1, 1, T0, T0)], _ => []));
    }

    [Fact]
    public void The_mean_stays_between_min_and_max()
    {
        var readings = new[] { Reading("d1", "air", "temperature", "CEL", 1.0 / 3, T0), Reading("d1", "air", "temperature", "CEL", 1.0 / 3, T0.AddSeconds(1)) };

        var sensor = Assert.Single(WindowSummary.Sensors(readings));

        Assert.InRange(sensor.Mean, sensor.Min, sensor.Max);
        Assert.Equal(1.0 / 3, sensor.Mean, 12);
    }

    [Fact]
    public void The_event_renders_as_an_epcis_sensor_reporting_observation_with_a_raw_data_digest()
    {
        var readings = new[] { Reading("d1", "air", "temperature", "CEL", 60, T0), Reading("d1", "air", "relative_humidity", "P1", 30, T0) };
        var recorded = WindowSummary.Build([Window("d1", 1, 2, T0, T0)], _ => readings)!;

        var json = EpcisRendering.ToJson(recorded, T0.AddMinutes(1));

        Assert.Equal("ObjectEvent", (string?)json["type"]);
        Assert.Equal("OBSERVE", (string?)json["action"]);
        Assert.Equal("sensor_reporting", (string?)json["bizStep"]);
        Assert.Empty(json["epcList"]!.AsArray());
        var element = json["sensorElementList"]![0]!;
        Assert.StartsWith("ni:///sha-256;", (string?)element["sensorMetadata"]!["rawData"], StringComparison.Ordinal);
        Assert.Equal(["gs1:RelativeHumidity", "gs1:Temperature"], element["sensorReport"]!.AsArray().Select(r => (string?)r!["type"]));
        var (_, eventId) = EpcisRendering.Identified(recorded, T0.AddMinutes(1));
        Assert.StartsWith("ni:///sha-256;", eventId, StringComparison.Ordinal);
    }

    private static ReadingsWindow Window(string device, long first, long last, DateTimeOffset from, DateTimeOffset to) =>
        new(device.GetHashCode(StringComparison.Ordinal), "coop", "dryer-1", device, first, last, from, to, last - first + 1, from);

    private static StoredReading Reading(string device, string sensor, string quantity, string unit, double value, DateTimeOffset at) =>
        new("coop", "dryer-1", device, sensor, quantity, unit, value, at);
}
