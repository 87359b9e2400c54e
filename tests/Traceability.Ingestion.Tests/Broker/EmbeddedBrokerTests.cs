using System.Runtime.CompilerServices;
using System.Diagnostics.Metrics;
using MQTTnet;
using MQTTnet.Protocol;
using Traceability.Ingestion.Broker;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.Tests.Mosquitto;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Broker;

/// <summary>
/// The embedded broker on 127.0.0.1 with a real device registry and real MQTTnet clients; the sink and the
/// dead-letter store are in-memory doubles because these tests are about the broker.
/// </summary>
public sealed class EmbeddedBrokerTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-broker-");
    private readonly RecordingSinkForBrokerTests _sink = new();
    private readonly RecordingDeadLettersForBrokerTests _deadLetters = new();
    private readonly List<TopicAddress> _statuses = [];
    private DeviceRegistry _registry = null!;
    private EmbeddedBroker _broker = null!;
    private DeviceCredentials _dryer = null!;
    private DeviceCredentials _store = null!;
    private ServiceCredentials _service = null!;

    public async Task InitializeAsync()
    {
        _registry = new DeviceRegistry(_folder.FullName);
        _dryer = _registry.Register("coop-1", "dryer", "gw-1");
        _store = _registry.Register("coop-1", "store", "gw-2");
        _service = _registry.EnsureServiceAccount();
        var options = new EmbeddedBrokerOptions
        {
            Port = 0,

            // Delivered to subscribers too, so the service account's subscription can be watched.
            ForwardReadings = true,
            StatusReceived = (address, _, _) =>
            {
                lock (_statuses)
                {
                    _statuses.Add(address);
                }

                return ValueTask.CompletedTask;
            },
        };
        _broker = new EmbeddedBroker(options, _registry, _sink, _deadLetters);
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _registry.Dispose();
        _folder.Delete(recursive: true);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public void ThePortChosenForPortZeroIsExposed()
    {
        Assert.True(_broker.IsStarted);
        Assert.InRange(_broker.Port, 1, 65535);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithBadUsernameOrPassword_AndCounted()
    {
        using var listener = Count("mqtt.connections.refused", out var refused);

        var refusal = await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password + "x");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refusal);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "x", null, null));
        Assert.Equal(2, refused.Value);
    }

    [Fact]
    public async Task ARevokedDeviceIsRefused()
    {
        _registry.Revoke("gw-2");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "gw-2", _store.Username, _store.Password));
    }

    [Fact]
    public async Task ADevicesReadingsOnItsOwnTopicReachTheSinkWithItsClientId()
    {
        await using var device = await Connect("gw-1-client", _dryer);

        var result = await device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray());

        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        var call = await _sink.NextCallAsync();
        Assert.Equal(_dryer.Topic, call.Topic);
        Assert.Equal("{\"seq\":1}"u8.ToArray(), call.Payload);
        Assert.Equal("gw-1-client", call.ClientId);
        Assert.Empty(_deadLetters.Letters);
    }

    [Fact]
    public async Task ByDefaultAStoredMessageIsAcknowledgedWithSuccess_NotNoMatchingSubscribers()
    {
        // Gateways send a NoMatchingSubscribers message again (nobody took it): stored is Success.
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 }, _registry, _sink, _deadLetters);
        await broker.StartAsync();
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", broker.Port, "gw-1-default", _dryer.Username, _dryer.Password);

        var result = await device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray());

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, result.ReasonCode);
        Assert.Equal(_dryer.Topic, (await _sink.NextCallAsync()).Topic);
    }

    [Fact]
    public async Task ADevicePublishingOnAnotherSitesTopicIsRefusedNotAuthorized_AndDeadLetteredAsUnauthorised()
    {
        await using var device = await Connect("gw-1", _dryer);
        using var listener = Count("mqtt.publishes.denied", out var denied);

        var result = await device.PublishAsync(_store.Topic, "forged"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        var letter = Assert.Single(_deadLetters.Letters);
        Assert.Equal(RejectionReason.Unauthorised, letter.Reason);
        Assert.Equal(_store.Topic, letter.Topic);
        Assert.Equal("gw-1", letter.ClientId);
        Assert.Equal("forged"u8.ToArray(), letter.Payload.ToArray());
        Assert.Contains("gw-1", letter.Detail, StringComparison.Ordinal);
        Assert.False(_sink.TryTakeCall(out _));
        Assert.Equal(1, denied.Value);
    }

    [Theory]
    [InlineData("ocop/coop-1/dryer/gw-1/commands")]
    [InlineData("ocop/coop-1/dryer/gw-1")]
    [InlineData("somewhere/else")]
    public async Task ADevicePublishingOutsideItsTwoTopicsIsRefusedAndDeadLettered(string topic)
    {
        await using var device = await Connect("gw-1", _dryer);

        var result = await device.PublishAsync(topic, "x"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(topic, Assert.Single(_deadLetters.Letters).Topic);
    }

    [Fact]
    public async Task ThePubAckWaitsForTheSink()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sink.Gate = release.Task;
        await using var device = await Connect("gw-1", _dryer);

        var publish = device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray());
        await _sink.NextCallAsync();

        // The sink holds the message: no PUBACK may arrive meanwhile (checked for a while, then released).
        Assert.NotSame(publish, await Task.WhenAny(publish, Task.Delay(TimeSpan.FromMilliseconds(500))));
        release.SetResult();
        var result = await publish.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
    }

    [Fact]
    public async Task WhenTheSinkFails_NoPubAckIsSentAndTheDeviceCanSendAgain()
    {
        _sink.Failure = new IOException("disk full");
        var device = await Connect("gw-1", _dryer);

        await Assert.ThrowsAnyAsync<Exception>(() => device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(15)));
        await device.DisposeAsync();
        _sink.Failure = null;
        await using var again = await Connect("gw-1", _dryer);

        Assert.True((await again.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray())).IsSuccess);
    }

    [Fact]
    public async Task ReadingsThePipelineDeadLettersAreAcknowledgedAsFinalWithPayloadFormatInvalid()
    {
        _sink.Outcome = IngestOutcome.DeadLettered;
        await using var device = await Connect("gw-1", _dryer);

        var result = await device.PublishAsync(_dryer.Topic, "not json"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
    }

    [Fact]
    public async Task ADeviceCannotSubscribeToAnotherDevicesTopics_NorToWildcards()
    {
        await using var device = await Connect("gw-1", _dryer);
        using var listener = Count("mqtt.subscriptions.denied", out var denied);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await device.SubscribeAsync(_store.Topic));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await device.SubscribeAsync(TelemetryTopics.ReadingsFilter));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await device.SubscribeAsync("#"));
        Assert.Equal(3, denied.Value);
    }

    [Fact]
    public async Task TheServiceAccountSubscribesToReadingsAndStatus_AndReceivesBothAfterTheSink()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await platform.SubscribeAsync(TelemetryTopics.StatusFilter));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await platform.SubscribeAsync("#"));
        await using var device = await Connect("gw-1", _dryer);

        await device.PublishAsync(TelemetryTopics.Status("coop-1", "dryer", "gw-1"), "{\"state\":\"online\"}"u8.ToArray(), retain: true);
        await device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray());

        Assert.EndsWith("/status", (await platform.NextAsync()).Topic, StringComparison.Ordinal);
        Assert.Equal(_dryer.Topic, (await platform.NextAsync()).Topic);
        Assert.Equal(_dryer.Topic, (await _sink.NextCallAsync()).Topic);
        lock (_statuses)
        {
            Assert.Equal(new TopicAddress("coop-1", "dryer", "gw-1", TopicChannel.Status), Assert.Single(_statuses));
        }
    }

    [Fact]
    public async Task TheServiceAccountCannotPublish()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);

        var result = await platform.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(RejectionReason.Unauthorised, Assert.Single(_deadLetters.Letters).Reason);
    }

    [Fact]
    public async Task StatusIsRetained_ANewSubscriberGetsTheLastOne()
    {
        await using (var device = await Connect("gw-1", _dryer))
        {
            await device.PublishAsync(TelemetryTopics.Status("coop-1", "dryer", "gw-1"), "{\"state\":\"online\"}"u8.ToArray(), retain: true);
        }

        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.StatusFilter);

        var status = await platform.NextAsync();
        Assert.True(status.Retain);
        Assert.Equal("{\"state\":\"online\"}", status.ConvertPayloadToString());
    }

    [Fact]
    public async Task APersistentSubscriberGetsWhatWasPublishedWhileItWasAway()
    {
        var platform = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "platform", _service.Username, _service.Password, cleanStart: false, sessionExpirySeconds: 3600);
        await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        await platform.DisposeAsync();
        await using (var device = await Connect("gw-1", _dryer))
        {
            Assert.True((await device.PublishAsync(_dryer.Topic, "{\"seq\":7}"u8.ToArray())).IsSuccess);
        }

        await using var back = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "platform", _service.Username, _service.Password, cleanStart: false, sessionExpirySeconds: 3600);

        Assert.Equal("{\"seq\":7}", (await back.NextAsync()).ConvertPayloadToString());
    }

    [Fact]
    public async Task ADeviceCannotTakeOverTheClientIdOfTheServiceAccount()
    {
        await using (var platform = await Connect("platform", _service.Username, _service.Password))
        {
            await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        }

        var refusal = await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "platform", _dryer.Username, _dryer.Password);

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refusal);
    }

    [Fact]
    public async Task ALastWillOnTheDevicesOwnStatusTopicIsPublished_OneOnAnotherTopicIsDeadLettered()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.StatusFilter);
        var will = new MqttApplicationMessageBuilder().WithTopic(TelemetryTopics.Status("coop-1", "store", "gw-2")).WithPayload("offline"u8.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build();
        var forger = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password, will: will);
        var ownWill = new MqttApplicationMessageBuilder().WithTopic(TelemetryTopics.Status("coop-1", "store", "gw-2")).WithPayload("offline"u8.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build();
        var honest = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-2", _store.Username, _store.Password, will: ownWill);

        // Dropping the connections without DISCONNECT makes the broker send the wills, the forged one first.
        forger.Client.Dispose();
        var letter = await WaitForDeadLetterAsync();
        honest.Client.Dispose();

        Assert.Equal(RejectionReason.Unauthorised, letter.Reason);
        Assert.Equal("gw-1", letter.ClientId);
        var received = await platform.NextAsync();
        Assert.Equal(TelemetryTopics.Status("coop-1", "store", "gw-2"), received.Topic);
        Assert.False(platform.TryTake(out _));
    }

    private async Task<DeadLetter> WaitForDeadLetterAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (_deadLetters.Letters.Count == 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        return _deadLetters.Letters.Single();
    }

    private Task<MqttTestClient> Connect(string clientId, DeviceCredentials device) => Connect(clientId, device.Username, device.Password);

    private Task<MqttTestClient> Connect(string clientId, string username, string password) =>
        MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, clientId, username, password);

    private MeterListener Count(string instrument, out StrongBox<long> total)
    {
        var box = new StrongBox<long>();
        total = box;
        var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (ReferenceEquals(i.Meter, _broker.Meter) && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref box.Value, value));
        listener.Start();
        return listener;
    }
}
