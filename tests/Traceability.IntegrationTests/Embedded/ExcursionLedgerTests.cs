using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Traceability.Ingestion.Alerts;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// Live excursions in the real server: a storage room's gateway reports temperatures above the storage
/// profile's 30 °C and back; the webhook hears the excursion open and close (signed), and the closed
/// excursion is in the facility's log as an ExcursionRecorded event, rendered as an EPCIS alarm.
/// </summary>
[Collection(OneServerAtATime.Name)]
public sealed class ExcursionLedgerTests
{
    private const string Secret = "integration-secret";

    [Fact]
    public async Task WhenAStoreRoomsTemperatureCrossesTheLimitAndComesBack_TheWebhookHearsBothAlertsAndTheExcursionIsInItsFacilitysLog()
    {
        var alerts = Channel.CreateUnbounded<(byte[] Body, bool Signed)>();
        using var webhook = new LoopbackHttpServer(
            request =>
            {
                var signed = WebhookSignature.Verify(Secret, request.Headers.GetValueOrDefault(WebhookSignature.TimestampHeader), request.Body, request.Headers.GetValueOrDefault(WebhookSignature.SignatureHeader));
                alerts.Writer.TryWrite((request.Body, signed));
                return new LoopbackResponse(204);
            },
            "/alerts/");
        await using var server = await ServerProcess.StartAsync(demo: true, settings: ["--Alerts:Webhooks:0:Url", webhook.Url.AbsoluteUri, "--Alerts:Webhooks:0:Secret", Secret]);
        var gateway = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json")).First(d => d.Site.Contains("STORE", StringComparison.Ordinal));
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds());

        // The storage profile allows 15–30 °C: 32, 34, 33 are beyond (2 + 4 + 3 °C·min), 26 is back by more than 0.5 °C.
        var celsius = new[] { 25, 32, 34, 33, 26.0 };

        await using (var connection = await DeviceConnection.ConnectAsync(server.MqttPort, gateway))
        {
            var readings = celsius.Select((v, i) => new SensorReading("t1", "temperature", "CEL", v, start.AddMinutes(i))).ToList();
            var code = await connection.PublishAsync(ReadingsPayload.Serialize(new ReadingBatch(gateway.Device, 1, readings)));
            Assert.True((int)code < 0x80, code.ToString());
        }

        var id = Excursion.IdFor(new SeriesKey(gateway.Facility, gateway.Site, gateway.Device, "t1", "temperature"), start.AddMinutes(1));
        var heard = new List<(byte[] Body, bool Signed)>();
        await Eventually.HoldsAsync(() => alerts.Reader.TryRead(out var alert) && Add(heard, alert) && heard.Count == 2, TimeSpan.FromSeconds(30), () => $"two alerts at the webhook; heard {heard.Count}; the server said:\n{server.Output}");
        Assert.All(heard, h => Assert.True(h.Signed));
        var (opened, closed) = (ExcursionAlert.Parse(heard[0].Body)!, ExcursionAlert.Parse(heard[1].Body)!);
        Assert.Equal((ExcursionAlert.Opened, id, gateway.Site), (opened.Type, opened.ExcursionId, opened.Site));
        Assert.Equal((ExcursionAlert.Closed, id, start.AddMinutes(4), 34.0, 9.0, 30.0, "storage"), (closed.Type, closed.ExcursionId, closed.EndedAt!.Value, closed.Peak, closed.Area, closed.Limit, closed.ProfileId));

        string? epcis = null;
        await Eventually.HoldsAsync(() => (epcis = ExcursionEvent(server.DataDir, gateway.Facility)) is not null, TimeSpan.FromSeconds(30), () => $"ExcursionRecorded {id} in the log of {gateway.Facility}");
        var json = JsonNode.Parse(epcis!)!;
        Assert.Equal(id, json["tr:excursion"]!.GetValue<string>().Split(':', '/').Last());
        Assert.Equal(("above", 30.0, 9.0), (json["tr:direction"]!.GetValue<string>(), json["tr:limit"]!.GetValue<double>(), json["tr:area"]!.GetValue<double>()));
        var report = json["sensorElementList"]![0]!["sensorReport"]![0]!;
        Assert.Equal(("ALARM_CONDITION", 34.0), (report["exception"]!.GetValue<string>(), report["value"]!.GetValue<double>()));
    }

    private static bool Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return true;
    }

    /// <summary>The EPCIS of the facility's latest ExcursionRecorded event, or null.</summary>
    private static string? ExcursionEvent(string dataDir, string facility)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "events.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT epcis FROM events WHERE facility = $facility AND type = 'ExcursionRecorded' ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$facility", facility);
        return command.ExecuteScalar() as string;
    }
}
