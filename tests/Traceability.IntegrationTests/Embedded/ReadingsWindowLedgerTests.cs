using Microsoft.Data.Sqlite;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>Stored readings reach the ledger: each device's window is sealed into its facility's log as a ReadingsRecorded event.</summary>
[Collection(OneServerAtATime.Name)]
public sealed class ReadingsWindowLedgerTests
{
    [Fact]
    public async Task WhenWindowsLastOneSecond_PublishedReadingsAreSealedIntoTheirFacilitysLogWithinSeconds()
    {
        await using var server = await ServerProcess.StartAsync(demo: true, settings: ["--Ingestion:WindowSeconds", "1"]);
        var devices = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"));
        var facility = devices[0].Facility;
        var publishing = devices.Where(d => d.Facility == facility).Take(3).ToList();
        var before = await server.Http.LedgerLogSizesAsync();
        var now = DateTimeOffset.UtcNow;

        // One message per device: one window per device, one event per site.
        foreach (var device in publishing)
        {
            await using var connection = await DeviceConnection.ConnectAsync(server.MqttPort, device);
            var readings = Enumerable.Range(0, 10).Select(i => new SensorReading("t1", "temperature", "CEL", 55 + i, now.AddSeconds(i - 20))).ToList();
            var code = await connection.PublishAsync(ReadingsPayload.Serialize(new ReadingBatch(device.Device, 1, readings)));
            Assert.True((int)code < 0x80, $"{device.Device}: {code}");
        }

        await Eventually.HoldsAsync(
            async () => (await server.Http.IngestionStatusAsync()).OpenWindows == 0 && (await server.Http.LedgerLogSizesAsync())[facility] >= before[facility] + publishing.Count,
            TimeSpan.FromSeconds(15),
            () => $"{publishing.Count} windows of {facility} sealed");

        var after = await server.Http.LedgerLogSizesAsync();
        Assert.Equal(before[facility] + publishing.Count, after[facility]);
        Assert.All(after.Where(log => log.Key != facility), log => Assert.Equal(before.GetValueOrDefault(log.Key), log.Value));
        var events = LatestEvents(server.DataDir, facility, publishing.Count);
        Assert.All(events, e => Assert.Equal("ReadingsRecorded", e.Type));
        Assert.Equal(
            publishing.Select(d => d.Site).Order(StringComparer.Ordinal),
            events.Select(e => publishing.Single(d => e.Body.Contains($"\"{d.Site}\"", StringComparison.Ordinal)).Site).Order(StringComparer.Ordinal));
    }

    private static List<(string Type, string Body)> LatestEvents(string dataDir, string facility, int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "events.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, body FROM events WHERE facility = $facility ORDER BY seq DESC LIMIT $count";
        command.Parameters.AddWithValue("$facility", facility);
        command.Parameters.AddWithValue("$count", count);
        using var reader = command.ExecuteReader();
        var events = new List<(string, string)>();
        while (reader.Read())
        {
            events.Add((reader.GetString(0), reader.GetString(1)));
        }

        return events;
    }
}
