using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.External;

/// <summary>Cluster mode end to end: devices publish to mosquitto, the server subscribes, VictoriaMetrics stores.</summary>
[Collection(ExternalCluster.Collection)]
public sealed class ExternalIngestionTests
{
    [Fact]
    public async Task WhenTheSimulatorPublishesThroughMosquitto_EveryReadingIsQueryableOnceWithItsValue()
    {
        await using var cluster = await ExternalCluster.StartAsync();
        await using var fleet = SimulatedFleet.Publish(cluster.Devices, cluster.Broker.Host, cluster.Broker.Port, cluster.Scratch, total: 5000, batch: 10);

        await fleet.DrainAsync(ExternalCluster.Patience);
        var stored = await cluster.WaitForReadingsAsync(fleet.Sent);

        Assert.Equal(5000, fleet.AcknowledgedReadings);
        StoredReadingsAssert.ExactlyOnce(fleet.Sent, stored);
        var status = await cluster.StatusAsync();
        Assert.Equal(("external", "victoriametrics"), (status.Broker, status.Store));
        Assert.Equal((fleet.Messages, 5000L, 0L), (status.MessagesStored, status.ReadingsStored, status.DeadLettered));
    }

    [Fact]
    public async Task WhenADevicePublishesOnAnotherSitesTopic_MosquittoRefusesIt_AndItsOwnTopicStillWorks()
    {
        await using var cluster = await ExternalCluster.StartAsync();
        var device = cluster.Devices[0];
        var victim = cluster.Devices.First(d => d.Site != device.Site);
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(cluster.Broker.Host, cluster.Broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(device.Device)
            .WithCredentials(device.Username, device.Password)
            .Build());
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());

        // The forged batch is a valid one of the victim's: only the broker's ACL stands in its way.
        var forged = await client.PublishAsync(Message(victim.Topic, new ReadingBatch(victim.Device, 1, [new SensorReading("air-temp", "temperature", "CEL", 99.5, at)])));
        // mosquitto handles one client's publishes in order: once this one is stored, the forged one would have been too.
        var own = await client.PublishAsync(Message(device.Topic, new ReadingBatch(device.Device, 1, [new SensorReading("air-temp", "temperature", "CEL", 21.25, at)])));
        var stored = await cluster.WaitForReadingsAsync([new SentReading(device.Site, device.Device, new SensorReading("air-temp", "temperature", "CEL", 21.25, at))]);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
        Assert.Equal(21.25, Assert.Single(stored[device.Site]).Value);
        Assert.Empty(await cluster.ReadingsAsync(victim.Site));
        var status = await cluster.StatusAsync();
        Assert.Equal((1L, 0L, 0L), (status.MessagesStored, status.Duplicates, status.DeadLettered));
        await client.DisconnectAsync();
    }

    private static MqttApplicationMessage Message(string topic, ReadingBatch batch) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(ReadingsPayload.Serialize(batch))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
