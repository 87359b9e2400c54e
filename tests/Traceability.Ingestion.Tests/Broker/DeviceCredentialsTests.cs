using MQTTnet;
using Traceability.Ingestion.Broker;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.Tests.Mosquitto;
using Traceability.Security.Audit;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Broker;

/// <summary>
/// Device credentials in the embedded broker, with a real registry, a real audit log (security.db) and real MQTTnet
/// clients: revocation and rotation refuse the old login at once (also on an open connection), and every refused
/// CONNECT and PUBLISH is in the audit log.
/// </summary>
public sealed class DeviceCredentialsTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-broker-credentials-");
    private readonly RecordingSinkForBrokerTests _sink = new();
    private readonly RecordingDeadLettersForBrokerTests _deadLetters = new();
    private DeviceRegistry _registry = null!;
    private AuditLog _audit = null!;
    private EmbeddedBroker _broker = null!;
    private DeviceCredentials _dryer = null!;
    private DeviceCredentials _store = null!;

    public async Task InitializeAsync()
    {
        _registry = new DeviceRegistry(_folder.FullName);
        _audit = AuditLog.InDataDirectory(_folder.FullName, TimeProvider.System);
        _dryer = _registry.Register("coop-1", "dryer", "gw-1");
        _store = _registry.Register("coop-1", "store", "gw-2");
        _broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 }, _registry, _sink, _deadLetters, audit: _audit);
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _registry.Dispose();
        _audit.Dispose();
        _folder.Delete(recursive: true);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _audit.Dispose();
    }

    [Fact]
    public async Task ARevokedDeviceCannotConnect_AndTheRefusalIsAudited()
    {
        Assert.True(_registry.Revoke("gw-2"));

        var refusal = await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "gw-2", _store.Username, _store.Password);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refusal);
        var entry = Assert.Single(_audit.Read());
        Assert.Equal(("device:gw-2", "connect", false), (entry.Who, entry.Operation, entry.Allowed));
        Assert.Contains("revoked", entry.Reason, StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1:", entry.From, StringComparison.Ordinal);
        Assert.Equal("client id gw-2", entry.Target);
        Assert.True(_audit.VerifyChain().Intact);
    }

    [Fact]
    public async Task AfterRotation_TheOldPasswordIsRefused_TheNewOneWorks()
    {
        var rotated = _registry.Rotate("gw-1")!;

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password));
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", rotated.Username, rotated.Password);
        var published = await device.PublishAsync(rotated.Topic, "{\"seq\":1}"u8.ToArray());

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        Assert.Equal(rotated.Topic, (await _sink.NextCallAsync()).Topic);
        var entry = Assert.Single(_audit.Read());
        Assert.Equal(("device:gw-1", "connect", false), (entry.Who, entry.Operation, entry.Allowed));
        Assert.Contains("wrong password", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectedDeviceThatIsRevokedIsDisconnected_AndCannotComeBack()
    {
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-2", _store.Username, _store.Password);
        var disconnected = Disconnection(device);
        Assert.True((await device.PublishAsync(_store.Topic, "{\"seq\":1}"u8.ToArray())).IsSuccess);

        Assert.True(_registry.Revoke("gw-2"));

        var reason = await disconnected.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, reason);
        Assert.False(device.Client.IsConnected);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "gw-2", _store.Username, _store.Password));
        Assert.Equal("device:gw-2", Assert.Single(_audit.Read()).Who);
    }

    [Fact]
    public async Task AConnectedDeviceWhosePasswordIsRotatedIsDisconnected_AndComesBackWithTheNewOne()
    {
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password);
        await using var other = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-2", _store.Username, _store.Password);
        var disconnected = Disconnection(device);

        var rotated = _registry.Rotate("gw-1")!;

        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, await disconnected.WaitAsync(TimeSpan.FromSeconds(15)));
        await using var again = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", rotated.Username, rotated.Password);
        Assert.True((await again.PublishAsync(rotated.Topic, "{\"seq\":2}"u8.ToArray())).IsSuccess);

        // Another device's connection is not touched.
        Assert.True(other.Client.IsConnected);
        Assert.True((await other.PublishAsync(_store.Topic, "{\"seq\":1}"u8.ToArray())).IsSuccess);
    }

    [Fact]
    public async Task PublishingOnAnotherSitesTopicIsRefused_DeadLettered_AndAudited()
    {
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password);

        var result = await device.PublishAsync(_store.Topic, "forged"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.False(_sink.TryTakeCall(out _));
        Assert.Equal(RejectionReason.Unauthorised, Assert.Single(_deadLetters.Letters).Reason);
        var entry = Assert.Single(_audit.Read());
        Assert.Equal(("device:gw-1", $"publish on {_store.Topic}", false), (entry.Who, entry.Operation, entry.Allowed));
        Assert.StartsWith("127.0.0.1:", entry.From, StringComparison.Ordinal);
        Assert.Contains("may not", entry.Reason, StringComparison.Ordinal);
        Assert.Equal("client id gw-1", entry.Target);
    }

    [Theory]
    [InlineData("ocop/coop-1/dryer/gw-1/alerts")]
    [InlineData("ocop/coop-1/dryer/alerts")]
    [InlineData("ocop/coop-2/dryer/gw-1/readings")]
    public async Task EveryRefusedTopicIsAudited_AcceptedOnesAreNot(string topic)
    {
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password);

        Assert.True((await device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray())).IsSuccess);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await device.PublishAsync(topic, "x"u8.ToArray())).ReasonCode);

        Assert.Equal($"publish on {topic}", Assert.Single(_audit.Read()).Operation);
    }

    [Fact]
    public async Task AnUnknownUserAndAnAnonymousClientAreAuditedAsAnonymous()
    {
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "x", "intruder", "guess"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "y", null, null));

        var entries = _audit.Read();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal((AuditEntry.Anonymous, "connect", false), (e.Who, e.Operation, e.Allowed)));
        Assert.Contains("unknown username ('intruder')", entries[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("guess", entries[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientIdOfAnotherAccountIsRefusedAndAudited()
    {
        await using (await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "shared-id", _store.Username, _store.Password))
        {
        }

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await MqttTestClient.RefusalAsync("127.0.0.1", _broker.Port, "shared-id", _dryer.Username, _dryer.Password));

        var entry = Assert.Single(_audit.Read());
        Assert.Equal(("device:gw-1", "connect", "client id shared-id"), (entry.Who, entry.Operation, entry.Target));
        Assert.Contains("another account (gw-2)", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAuditLog_RefusalsAreStillRefusedAndDeadLettered()
    {
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 }, _registry, _sink, _deadLetters);
        await broker.StartAsync();
        await using var device = await MqttTestClient.ConnectAsync("127.0.0.1", broker.Port, "gw-1", _dryer.Username, _dryer.Password);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await device.PublishAsync(_store.Topic, "forged"u8.ToArray())).ReasonCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await MqttTestClient.RefusalAsync("127.0.0.1", broker.Port, "gw-2", _store.Username, "wrong"));

        Assert.Single(_deadLetters.Letters);
        Assert.Empty(_audit.Read());
    }

    private static Task<MqttClientDisconnectReason> Disconnection(MqttTestClient client)
    {
        var disconnected = new TaskCompletionSource<MqttClientDisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Client.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult(e.Reason);
            return Task.CompletedTask;
        };
        return disconnected.Task;
    }
}
