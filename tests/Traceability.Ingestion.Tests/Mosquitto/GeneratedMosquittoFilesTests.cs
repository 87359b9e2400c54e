using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.External;
using Traceability.Ingestion.Tests.Broker;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.Ingestion.Tests.Mosquitto;

/// <summary>
/// The passwd and acl files <see cref="MosquittoFiles"/> makes from a real registry, loaded by a real
/// mosquitto (<see cref="MosquittoProcess"/>) and exercised with real MQTT 5 clients.
/// </summary>
public sealed class GeneratedMosquittoFilesTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-mosquitto-files-");
    private DeviceRegistry _registry = null!;
    private MosquittoProcess _broker = null!;
    private DeviceCredentials _dryer = null!;
    private DeviceCredentials _store = null!;
    private ServiceCredentials _service = null!;

    public async Task InitializeAsync()
    {
        _registry = new DeviceRegistry(Path.Combine(_folder.FullName, "data"));
        _dryer = _registry.Register("coop-1", "dryer", "gw-1");
        _store = _registry.Register("coop-1", "store", "gw-2");
        _service = _registry.EnsureServiceAccount();
        var files = Path.Combine(_folder.FullName, "mosquitto");
        MosquittoFiles.Write(_registry, files);
        _broker = await MosquittoProcess.StartAsync(new MosquittoOptions
        {
            PasswordFile = Path.Combine(files, MosquittoFiles.PasswordFileName),
            AclFile = Path.Combine(files, MosquittoFiles.AclFileName),
        });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _registry.Dispose();
        _folder.Delete(recursive: true);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task ADevicesReadingsOnItsOwnTopicReachTheServiceAccount()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter));
        await using var device = await Connect("gw-1", _dryer.Username, _dryer.Password);

        var published = await device.PublishAsync(_dryer.Topic, "{\"seq\":1}"u8.ToArray());

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        var received = await platform.NextAsync();
        Assert.Equal(_dryer.Topic, received.Topic);
    }

    [Fact]
    public async Task ADevicesPublishOnAnotherSitesTopicNeverReachesTheSubscriber()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        await using var device = await Connect("gw-1", _dryer.Username, _dryer.Password);

        // mosquitto delivers one client's messages in order: once the allowed message after it arrives, the denied one is known to be dropped.
        await device.PublishAsync(_store.Topic, "forged"u8.ToArray());
        await device.PublishAsync(_dryer.Topic, "own"u8.ToArray());

        var received = await platform.NextAsync();
        Assert.Equal(_dryer.Topic, received.Topic);
        Assert.Equal("own", received.ConvertPayloadToString());
    }

    [Fact]
    public async Task AServiceAccountSharedSubscriptionIsGranted_AndReceives()
    {
        await using var platform = await Connect("platform-1", _service.Username, _service.Password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await platform.SubscribeAsync(TelemetryTopics.Shared("ingestion", TelemetryTopics.ReadingsFilter)));
        await using var device = await Connect("gw-2", _store.Username, _store.Password);

        await device.PublishAsync(_store.Topic, "shared"u8.ToArray());

        Assert.Equal("shared", (await platform.NextAsync()).ConvertPayloadToString());
    }

    [Fact]
    public async Task ADeviceCannotReadAnotherDevicesReadings()
    {
        await using var spy = await Connect("gw-1", _dryer.Username, _dryer.Password);
        var granted = await spy.SubscribeAsync(_store.Topic);
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        await using var device = await Connect("gw-2", _store.Username, _store.Password);

        await device.PublishAsync(_store.Topic, "private"u8.ToArray());
        await platform.NextAsync();
        await spy.PublishAsync(_dryer.Topic, "marker"u8.ToArray());
        await platform.NextAsync();

        // Whatever mosquitto answered to the SUBSCRIBE, nothing of gw-2's reached gw-1 while the platform received both.
        Assert.True(granted != MqttClientSubscribeResultCode.GrantedQoS1 || !spy.TryTake(out _), $"granted {granted} and delivered");
    }

    [Fact]
    public async Task TheServersAlertsGoThroughItsSubscribersConnection_AndReachAServiceLoginSubscribedToAlerts()
    {
        await using var dashboard = await Connect("dashboard", _service.Username, _service.Password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await dashboard.SubscribeAsync(TelemetryTopics.AlertsFilter));
        using var subscriber = new ExternalBrokerSubscriber(
            new RecordingSinkForBrokerTests(),
            new ExternalBrokerOptions { Host = _broker.Host, Port = _broker.Port, Username = _service.Username, Password = _service.Password, ClientId = "ingestion-1" },
            NullLogger<ExternalBrokerSubscriber>.Instance);
        await subscriber.StartAsync(CancellationToken.None);
        await subscriber.Subscribed.WaitAsync(TimeSpan.FromSeconds(15));

        var taken = await subscriber.PublishAlertAsync(TelemetryTopics.Alerts("coop-1", "dryer"), "{\"type\":\"excursion.opened\"}"u8.ToArray(), CancellationToken.None);

        Assert.True(taken);
        var received = await dashboard.NextAsync();
        Assert.Equal(("ocop/coop-1/dryer/alerts", "{\"type\":\"excursion.opened\"}", false), (received.Topic, received.ConvertPayloadToString(), received.Retain));
        await subscriber.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ADevicesPublishOnItsSitesAlertsTopicNeverReachesASubscriber()
    {
        await using var dashboard = await Connect("dashboard", _service.Username, _service.Password);
        await dashboard.SubscribeAsync(TelemetryTopics.AlertsFilter);
        await dashboard.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        await using var device = await Connect("gw-1", _dryer.Username, _dryer.Password);

        // As above: the allowed message after the forged one arrives first only if the forged one was dropped.
        await device.PublishAsync(TelemetryTopics.Alerts("coop-1", "dryer"), "forged"u8.ToArray());
        await device.PublishAsync(_dryer.Topic, "own"u8.ToArray());

        var received = await dashboard.NextAsync();
        Assert.Equal((_dryer.Topic, "own"), (received.Topic, received.ConvertPayloadToString()));
        Assert.Contains("topic readwrite ocop/+/+/alerts", File.ReadAllText(Path.Combine(_folder.FullName, "mosquitto", MosquittoFiles.AclFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordAnUnknownUserAndARevokedDeviceAreRefused()
    {
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-1", _dryer.Username, _dryer.Password + "x"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "nobody", "nobody", _dryer.Password));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "anonymous", null, null));

        _registry.Revoke("gw-2");
        MosquittoFiles.Write(_registry, Path.Combine(_folder.FullName, "mosquitto"));
        await _broker.ReloadAsync();

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-2", _store.Username, _store.Password));
        Assert.Null(await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-1", _dryer.Username, _dryer.Password));
    }

    private Task<MqttTestClient> Connect(string clientId, string username, string password) =>
        MqttTestClient.ConnectAsync(_broker.Host, _broker.Port, clientId, username, password);
}
