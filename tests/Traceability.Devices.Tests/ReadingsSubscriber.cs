using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using Traceability.Devices.Agent.Buffering;
using Traceability.Telemetry;

namespace Traceability.Devices.Tests;

/// <summary>
/// What the platform's ingestion sees, reduced to what the tests check: every readings message
/// received (device, seq, readings), in arrival order, over a persistent QoS 1 session that
/// <see cref="ConnectAsync"/> resumes after a broker restart.
/// </summary>
internal sealed class ReadingsSubscriber : IAsyncDisposable
{
    private IMqttClient _client;
    private readonly List<ReadingBatch> _received = [];
    private readonly string _host;
    private readonly int _port;
    private readonly string _clientId = $"test-subscriber-{Guid.NewGuid():N}";

    private readonly string? _username;
    private readonly string? _password;

    private ReadingsSubscriber(string host, int port, string? username, string? password)
    {
        _host = host;
        _port = port;
        _username = username;
        _password = password;
        _client = NewClient();
    }

    /// <summary>
    /// A client object per connection: one whose broker went away may still be finishing its
    /// disconnect ("connect/disconnect is pending"); the session lives on the broker, by client id.
    /// </summary>
    private IMqttClient NewClient()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args =>
        {
            var batch = System.Text.Json.JsonSerializer.Deserialize(args.ApplicationMessage.Payload.ToArray(), TelemetryJson.Default.ReadingBatch)!;
            lock (_received)
            {
                _received.Add(batch);
            }

            Received.Pulse();
            return Task.CompletedTask;
        };
        return client;
    }

    public AsyncPulse Received { get; } = new();

    /// <summary>Every message received, in arrival order (duplicates included).</summary>
    public IReadOnlyList<ReadingBatch> Messages { get { lock (_received) { return [.. _received]; } } }

    /// <summary>The distinct sequence numbers of <paramref name="device"/>, in order of first arrival: what a de-duplicating platform stores.</summary>
    public IReadOnlyList<long> Distinct(string device) => [.. Messages.Where(m => m.Device == device).Select(m => m.Sequence).Distinct()];

    public static async Task<ReadingsSubscriber> StartAsync(string host, int port, string? username = null, string? password = null)
    {
        var subscriber = new ReadingsSubscriber(host, port, username, password);
        await subscriber.ConnectAsync();
        return subscriber;
    }

    /// <summary>Connects (again) with the same persistent session and subscribes to every device's readings.</summary>
    public async Task ConnectAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions());
        }

        _client.Dispose();
        _client = NewClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(_clientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600);
        if (_username is not null)
        {
            builder = builder.WithCredentials(_username, _password);
        }

        await _client.ConnectAsync(builder.Build());
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(TelemetryTopics.ReadingsFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }

    /// <summary>Waits until <paramref name="condition"/> holds of what was received.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<ReadingBatch>, bool> condition, TimeSpan? timeout = null) =>
        Received.WaitUntilAsync(() => condition(Messages), CancellationToken.None).WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions());
        }

        _client.Dispose();
    }
}
