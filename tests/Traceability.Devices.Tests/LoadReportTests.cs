using Traceability.Devices.Simulator;

namespace Traceability.Devices.Tests;

public sealed class LoadReportTests
{
    [Fact]
    public void TheSummaryLineGivesRateAndLatencyPercentilesForScripts()
    {
        var report = new LoadReport(60_000, 30, 20, 50, DiskBuffer: true, [.. Enumerable.Range(1, 100).Select(i => (double)i)], MarkersLost: 1);

        Assert.Equal("readings=60000 seconds=30.0 readings_per_s=2000.0 p50_ms=50.0 p99_ms=99.0 devices=20 batch=50 buffer=disk markers=100 lost=1", report.SummaryLine());
        Assert.Contains("p50_ms=na p99_ms=na", new LoadReport(1, 1, 1, 1, false, [], 0).SummaryLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheQueryAnswerIsReadIntoReadingsSkippingIncompleteOnes()
    {
        var readings = StoredReadings.Parse("""
            {"readings":[
              {"device":"dev-1","sensor":"air-temp","quantity":"temperature","unit":"CEL","value":60.25,"at":"2026-05-01T07:00:00.123Z"},
              {"device":"dev-1","sensor":"air-rh","value":"high","at":"2026-05-01T07:00:00.123Z"}
            ]}
            """);

        var reading = Assert.Single(readings);
        Assert.Equal(new StoredReading("dev-1", "air-temp", "temperature", "CEL", 60.25, new DateTimeOffset(2026, 5, 1, 7, 0, 0, 123, TimeSpan.Zero)), reading);
        Assert.Equal(
            "http://127.0.0.1:8080/v1/sites/site%201/readings?from=2026-05-01T06:59:59.123Z&to=2026-05-01T07:00:01.123Z",
            StoredReadings.Query(new Uri("http://127.0.0.1:8080/"), "site 1", reading.At.AddSeconds(-1), reading.At.AddSeconds(1)).AbsoluteUri);
    }

    [Fact]
    public void ReadingsAreSharedAmongDevicesAndGeneratedInTheRecentPast()
    {
        Assert.Equal([4, 3, 3], Enumerable.Range(0, 3).Select(i => SimulatedReadings.Share(10, 3, i)));
        var end = new DateTimeOffset(2026, 5, 1, 7, 0, 0, TimeSpan.Zero);
        var room = new Traceability.Telemetry.Simulation.StorageRoom();

        var readings = SimulatedReadings.Generate(room, 100_001, end, TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));

        Assert.Equal(100_001, readings.Count);
        Assert.Equal(end, readings[^1].At);
        Assert.InRange(readings[0].At, end - TimeSpan.FromHours(24), end);
        Assert.Equal(readings.Count, readings.Select(r => (r.Sensor, r.At)).Distinct().Count());
    }
}
