using MQTTnet;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>A gateway speaks only for itself: the embedded broker refuses its login on any other device's topic.</summary>
[Collection(OneServerAtATime.Name)]
public sealed class ForeignTopicTests
{
    [Fact]
    public async Task WhenAGatewayPublishesOnAnotherSitesTopic_ItGetsNotAuthorizedNothingIsStoredAndTheDeadLetterKeepsTopicAndPayload()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var devices = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"));
        var gateway = devices[0];
        var sameFacility = devices.First(d => d.Facility == gateway.Facility && d.Site != gateway.Site);
        var otherFacility = devices.First(d => d.Facility != gateway.Facility);
        var now = DateTimeOffset.UtcNow;
        await using var connection = await DeviceConnection.ConnectAsync(server.MqttPort, gateway);

        var refused = new List<(string Topic, byte[] Payload, MqttClientPublishReasonCode Code)>();
        foreach (var victim in new[] { sameFacility, otherFacility })
        {
            // The spoof claims to be the victim device, on the victim's topic.
            var payload = ReadingsPayload.Serialize(new ReadingBatch(victim.Device, 1, [new SensorReading("t1", "temperature", "CEL", 61.5, now.AddSeconds(-5))]));
            refused.Add((victim.Topic, payload, await connection.PublishAsync(victim.Topic, payload)));
        }

        // The gateway's own id on another facility's site: still not its topic.
        var ownIdElsewhere = TelemetryTopics.Readings(otherFacility.Facility, otherFacility.Site, gateway.Device);
        var ownPayload = ReadingsPayload.Serialize(new ReadingBatch(gateway.Device, 1, [new SensorReading("t1", "temperature", "CEL", 62.5, now.AddSeconds(-4))]));
        refused.Add((ownIdElsewhere, ownPayload, await connection.PublishAsync(ownIdElsewhere, ownPayload)));

        Assert.All(refused, r => Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, r.Code));
        foreach (var site in new[] { sameFacility.Site, otherFacility.Site })
        {
            Assert.Empty(await server.Http.SiteReadingsAsync(site, now.AddDays(-1), now.AddDays(1)));
        }

        var letters = await server.Http.DeadLettersAsync();
        Assert.Equal(refused.Count, letters.Count);
        foreach (var (topic, payload, _) in refused)
        {
            var letter = Assert.Single(letters, l => l.Topic == topic);
            Assert.Equal(nameof(RejectionReason.Unauthorised), letter.Reason);
            Assert.Equal(payload, letter.Payload);
            Assert.Contains(gateway.Device, letter.Detail, StringComparison.Ordinal);
        }

        var status = await server.Http.IngestionStatusAsync();
        Assert.Equal(refused.Count, status.DeadLettersByReason.GetValueOrDefault(nameof(RejectionReason.Unauthorised)));
        Assert.Equal(0, status.MessagesStored);
    }

    [Fact]
    public async Task WhenAGatewayUsesAWrongPassword_ConnectIsRefused_AndWithItsOwnLoginItsOwnTopicStillWorks()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var devices = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"));
        var gateway = devices[0];
        var other = devices[1];

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await DeviceConnection.TryConnectAsync(server.MqttPort, gateway.Username, gateway.Password + "x"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await DeviceConnection.TryConnectAsync(server.MqttPort, gateway.Username, other.Password));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await DeviceConnection.TryConnectAsync(server.MqttPort, "nobody", gateway.Password));

        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds());
        await using var connection = await DeviceConnection.ConnectAsync(server.MqttPort, gateway);
        var code = await connection.PublishAsync(ReadingsPayload.Serialize(new ReadingBatch(gateway.Device, 1, [new SensorReading("t1", "temperature", "CEL", 58.25, at)])));

        // Both mean stored (docs/mqtt.md); the embedded broker has no subscribers to match.
        Assert.Contains(code, new[] { MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers });
        var stored = Assert.Single(await server.Http.SiteReadingsAsync(gateway.Site, at.AddMinutes(-1), at.AddMinutes(1)));
        Assert.Equal(new Conditions.StoredReading(gateway.Facility, gateway.Site, gateway.Device, "t1", "temperature", "CEL", 58.25, at), stored);
        Assert.Empty(await server.Http.DeadLettersAsync());
    }
}
