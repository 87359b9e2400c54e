using System.Text;
using MQTTnet;
using Traceability.Testing;

namespace Traceability.Ingestion.Tests.Mosquitto;

/// <summary>The test harness itself: a real mosquitto on a free loopback port, restartable, never left behind.</summary>
public sealed class MosquittoProcessTests
{
    [Fact]
    public async Task WhenStartedAnonymous_AClientPublishesAndAnotherReceives()
    {
        await using var broker = await MosquittoProcess.StartAsync();
        await using var subscriber = await MqttTestClient.ConnectAsync(broker.Host, broker.Port, "sub");
        await subscriber.SubscribeAsync("ocop/+/+/+/readings");
        await using var publisher = await MqttTestClient.ConnectAsync(broker.Host, broker.Port, "pub");

        var published = await publisher.PublishAsync("ocop/f/s/d/readings", "hello"u8.ToArray());

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        var received = await subscriber.NextAsync();
        Assert.Equal("ocop/f/s/d/readings", received.Topic);
        Assert.Equal("hello", received.ConvertPayloadToString());
    }

    [Fact]
    public async Task WhenStoppedGracefullyAndStartedAgain_APersistentSessionGetsTheMessageQueuedWhileItWasAway()
    {
        await using var broker = await MosquittoProcess.StartAsync();
        var port = broker.Port;
        var subscriber = await MqttTestClient.ConnectAsync(broker.Host, port, "platform", cleanStart: false, sessionExpirySeconds: 3600);
        await subscriber.SubscribeAsync("ocop/+/+/+/readings");
        await subscriber.DisposeAsync();
        await using (var publisher = await MqttTestClient.ConnectAsync(broker.Host, port, "device"))
        {
            Assert.True((await publisher.PublishAsync("ocop/f/s/d/readings", "queued"u8.ToArray())).IsSuccess);
        }

        await broker.StopAsync();
        Assert.False(broker.IsRunning);
        await broker.StartAsync();

        Assert.Equal(port, broker.Port);
        await using var again = await MqttTestClient.ConnectAsync(broker.Host, port, "platform", cleanStart: false, sessionExpirySeconds: 3600);
        Assert.True(again.Client.IsConnected);
        var received = await again.NextAsync();
        Assert.Equal("queued", received.ConvertPayloadToString());
    }

    [Fact]
    public async Task WhenKilled_ClientsAreRefusedUntilItIsStartedAgainOnTheSamePort()
    {
        await using var broker = await MosquittoProcess.StartAsync();

        await broker.KillAsync();

        Assert.False(broker.IsRunning);
        await Assert.ThrowsAnyAsync<Exception>(() => MqttTestClient.ConnectAsync(broker.Host, broker.Port, "early"));
        await broker.StartAsync();
        await using var client = await MqttTestClient.ConnectAsync(broker.Host, broker.Port, "later");
        Assert.True(client.Client.IsConnected);
    }

    [Fact]
    public async Task WhenTheConfigurationIsWrong_StartFailsWithMosquittosOwnWords()
    {
        var options = new MosquittoOptions { ExtraConfig = ["no_such_option true"] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MosquittoProcess.StartAsync(options));

        Assert.Contains("no_such_option", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenDisposed_TheProcessIsGoneAndItsFolderDeleted()
    {
        var broker = await MosquittoProcess.StartAsync();
        var folder = broker.Folder;

        await broker.DisposeAsync();

        Assert.False(broker.IsRunning);
        Assert.False(Directory.Exists(folder));
        await Assert.ThrowsAnyAsync<Exception>(() => MqttTestClient.ConnectAsync("127.0.0.1", broker.Port, "after"));
    }

    [Fact]
    public async Task WhenAPasswordFileIsGiven_AnonymousClientsAreRefused()
    {
        var dir = Directory.CreateTempSubdirectory("traceability-passwd-");
        try
        {
            var passwd = Path.Combine(dir.FullName, "passwd");
            await File.WriteAllTextAsync(passwd, "", Encoding.ASCII);
            await using var broker = await MosquittoProcess.StartAsync(new MosquittoOptions { PasswordFile = passwd });

            var refusal = await MqttTestClient.RefusalAsync(broker.Host, broker.Port, "anonymous", null, null);

            Assert.NotNull(refusal);
            Assert.NotEqual(MqttClientConnectResultCode.Success, refusal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
