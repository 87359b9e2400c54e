using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Traceability.Ingestion.Tests.Mosquitto;

/// <summary>
/// A real MQTTnet 5 client (MQTT 5.0, TCP) for tests: connects, publishes QoS 1, subscribes, and
/// queues what it receives so a test can await the next message with a timeout.
/// </summary>
internal sealed class MqttTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Channel<MqttApplicationMessage> _received = Channel.CreateUnbounded<MqttApplicationMessage>();

    private MqttTestClient(IMqttClient client)
    {
        Client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    /// <summary>Connects; a refused connection throws.</summary>
    public static async Task<MqttTestClient> ConnectAsync(
        string host,
        int port,
        string clientId,
        string? username = null,
        string? password = null,
        bool cleanStart = true,
        uint sessionExpirySeconds = 0,
        MqttApplicationMessage? will = null)
    {
        var client = new MqttTestClient(new MqttClientFactory().CreateMqttClient());
        try
        {
            // MQTTnet 5 answers a refusing CONNACK with its result instead of throwing.
            var result = await client.Client.ConnectAsync(Options(host, port, clientId, username, password, cleanStart, sessionExpirySeconds, will));
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"Connection refused: {result.ResultCode} {result.ReasonString}");
            }
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    public static MqttClientOptions Options(
        string host,
        int port,
        string clientId,
        string? username = null,
        string? password = null,
        bool cleanStart = true,
        uint sessionExpirySeconds = 0,
        MqttApplicationMessage? will = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart(cleanStart)
            .WithSessionExpiryInterval(sessionExpirySeconds)
            .WithTimeout(Timeout);
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }

        if (will is not null)
        {
            builder = builder
                .WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload.ToArray())
                .WithWillQualityOfServiceLevel(will.QualityOfServiceLevel)
                .WithWillRetain(will.Retain);
        }

        return builder.Build();
    }

    /// <summary>The CONNACK reason of a refused connection attempt (null when it was accepted, then disconnected).</summary>
    public static async Task<MqttClientConnectResultCode?> RefusalAsync(string host, int port, string clientId, string? username, string? password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(host, port, clientId, username, password));

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            return result.ResultCode;
        }

        await client.DisconnectAsync();
        return null;
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain = false, CancellationToken cancellationToken = default) =>
        Client.PublishAsync(
            new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build(),
            cancellationToken);

    /// <summary>Subscribes at QoS 1 and returns the SUBACK's reason for the filter.</summary>
    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        var result = await Client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                .Build());
        return result.Items.Single().ResultCode;
    }

    /// <summary>The next message received, waiting at most <see cref="Timeout"/>.</summary>
    public async Task<MqttApplicationMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message within {Timeout.TotalSeconds} s.");
        }
    }

    /// <summary>A message already received, if any (no waiting).</summary>
    public bool TryTake(out MqttApplicationMessage? message) => _received.Reader.TryRead(out message);

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try
            {
                await Client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker went away first.
            }
        }

        Client.Dispose();
    }
}
