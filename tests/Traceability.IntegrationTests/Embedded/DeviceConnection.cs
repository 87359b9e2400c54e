using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// A gateway's raw MQTT 5 connection to the embedded broker with its demo login: QoS 1 publishes
/// whose PUBACK reason code the test reads, nothing buffered or retried.
/// </summary>
internal sealed class DeviceConnection : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly IMqttClient _client;

    private DeviceConnection(IMqttClient client, DeviceCredentials device)
    {
        _client = client;
        Device = device;
    }

    public DeviceCredentials Device { get; }

    /// <summary>Connects as <paramref name="device"/>; a refused CONNECT throws.</summary>
    public static async Task<DeviceConnection> ConnectAsync(int port, DeviceCredentials device, string? clientId = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(Options(port, clientId ?? $"{device.Device}-{Guid.NewGuid():N}", device.Username, device.Password));
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"{device.Device}: CONNECT refused: {result.ResultCode} {result.ReasonString}");
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return new DeviceConnection(client, device);
    }

    /// <summary>The CONNACK of a login attempt (the connection is closed again when it succeeded).</summary>
    public static async Task<MqttClientConnectResultCode> TryConnectAsync(int port, string username, string password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(port, $"login-{Guid.NewGuid():N}", username, password));
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        return result.ResultCode;
    }

    /// <summary>Publishes at QoS 1 on the device's own readings topic and returns the PUBACK's reason.</summary>
    public Task<MqttClientPublishReasonCode> PublishAsync(byte[] payload) => PublishAsync(Device.Topic, payload);

    /// <summary>Publishes at QoS 1 on <paramref name="topic"/> and returns the PUBACK's reason.</summary>
    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, byte[] payload)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.PublishAsync(message, timeout.Token);
        return result.ReasonCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker went away first.
            }
        }

        _client.Dispose();
    }

    private static MqttClientOptions Options(int port, string clientId, string username, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart(true)
            .WithCredentials(username, password)
            .WithTimeout(Timeout)
            .Build();
}
