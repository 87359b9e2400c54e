using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// A gateway's MQTT 5 connection that also reports how the broker ended it (the DISCONNECT's reason), for the tests
/// of rotated and revoked logins; QoS 1 publishes answer the PUBACK's reason, or null when the connection is gone.
/// </summary>
internal sealed class DeviceMqtt : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly IMqttClient _client;
    private readonly TaskCompletionSource<MqttClientDisconnectReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DeviceMqtt(IMqttClient client)
    {
        _client = client;
        client.DisconnectedAsync += e =>
        {
            _ended.TrySetResult(e.Reason);
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Completes with the reason when the connection ends.</summary>
    public Task<MqttClientDisconnectReason> Ended => _ended.Task;

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> as <paramref name="login"/>: the connection, or the CONNACK's refusal.</summary>
    public static async Task<(DeviceMqtt? Connection, MqttClientConnectResultCode Result)> ConnectAsync(int port, DeviceCredentials login, string? host = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var connection = new DeviceMqtt(client);
        try
        {
            var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer(host ?? "127.0.0.1", port)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"{login.Device}-{Guid.NewGuid():N}")
                .WithCleanStart(true)
                .WithCredentials(login.Username, login.Password)
                .WithTimeout(Timeout)
                .Build());
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return (connection, result.ResultCode);
            }

            await connection.DisposeAsync();
            return (null, result.ResultCode);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes one reading at QoS 1 on <paramref name="topic"/>: the PUBACK's reason, or null when the connection is gone.</summary>
    public async Task<MqttClientPublishReasonCode?> PublishAsync(string topic, byte[] payload)
    {
        if (!_client.IsConnected)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            return (await _client.PublishAsync(message, timeout.Token)).ReasonCode;
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Also MqttClientNotConnectedException: the broker closed the connection.
            return null;
        }
    }

    /// <summary>A readings batch of one temperature reading of the device at <paramref name="at"/>.</summary>
    public static byte[] Reading(string device, long seq, double celsius, DateTimeOffset at) =>
        ReadingsPayload.Serialize(new ReadingBatch(device, seq, [new SensorReading("t1", "temperature", "CEL", celsius, at)]));

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
}
