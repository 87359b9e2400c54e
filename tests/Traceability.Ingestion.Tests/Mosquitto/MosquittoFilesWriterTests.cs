using MQTTnet;
using Traceability.Ingestion.Devices;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.Ingestion.Tests.Mosquitto;

/// <summary>
/// <see cref="MosquittoFilesWriter"/> against a real mosquitto (<see cref="MosquittoProcess"/>): a change of the registry
/// rewrites passwd and acl before the call returns; after a reload (SIGHUP, by the operator or by the writer through
/// mosquitto's pid file) mosquitto refuses a revoked device, takes a new one, and its ACL keeps devices off other sites' topics.
/// </summary>
public sealed class MosquittoFilesWriterTests : IAsyncLifetime, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("traceability-mosquitto-writer-");
    private DeviceRegistry _registry = null!;
    private MosquittoFilesWriter _writer = null!;
    private MosquittoProcess _broker = null!;
    private DeviceCredentials _dryer = null!;
    private DeviceCredentials _store = null!;
    private ServiceCredentials _service = null!;

    private string PasswordFile => Path.Combine(_folder.FullName, "etc", MosquittoFiles.PasswordFileName);

    private string AclFile => Path.Combine(_folder.FullName, "etc", MosquittoFiles.AclFileName);

    public async Task InitializeAsync()
    {
        _registry = new DeviceRegistry(Path.Combine(_folder.FullName, "data"));
        _service = _registry.EnsureServiceAccount();
        _writer = new MosquittoFilesWriter(_registry, PasswordFile, AclFile);
        _writer.Write();
        _dryer = _registry.Register("coop-1", "dryer", "gw-1");
        _store = _registry.Register("coop-1", "store", "gw-2");
        _broker = await MosquittoProcess.StartAsync(new MosquittoOptions { PasswordFile = PasswordFile, AclFile = AclFile });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _writer.Dispose();
        _registry.Dispose();
        _folder.Delete(recursive: true);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _registry.Dispose();
    }

    [Fact]
    public void EachChangeOfTheRegistryRewritesBothFilesBeforeItReturns()
    {
        // Written at start, then by each of the two registrations.
        Assert.Equal(3, _writer.Writes);
        Assert.Contains("gw-2:$7$", File.ReadAllText(PasswordFile), StringComparison.Ordinal);

        _registry.Revoke("gw-2");

        Assert.Equal(4, _writer.Writes);
        Assert.DoesNotContain("gw-2", File.ReadAllText(PasswordFile), StringComparison.Ordinal);
        Assert.DoesNotContain("gw-2", File.ReadAllText(AclFile), StringComparison.Ordinal);
        Assert.Contains("user gw-1\ntopic write ocop/coop-1/dryer/gw-1/readings\n", File.ReadAllText(AclFile), StringComparison.Ordinal);
        Assert.Equal(0, _writer.Failures);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        }
    }

    [Fact]
    public async Task ARevokedDevice_OnceMosquittoIsReloaded_CannotConnect_AndItsOpenConnectionDeliversNothing()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        await using var open = await Connect("gw-2", _store.Username, _store.Password);
        await open.PublishAsync(_store.Topic, "before"u8.ToArray());
        Assert.Equal("before", (await platform.NextAsync()).ConvertPayloadToString());

        _registry.Revoke("gw-2");
        await _broker.ReloadAsync();

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-2-again", _store.Username, _store.Password));

        // mosquitto checks the reloaded ACL on every publish: the connection opened before the revocation no longer
        // delivers (the device still connected sees only that nothing arrives; gw-1's message after it arrives first).
        if (open.Client.IsConnected)
        {
            await open.PublishAsync(_store.Topic, "after"u8.ToArray());
        }

        await using var dryer = await Connect("gw-1", _dryer.Username, _dryer.Password);
        await dryer.PublishAsync(_dryer.Topic, "marker"u8.ToArray());
        var received = await platform.NextAsync();
        Assert.Equal((_dryer.Topic, "marker"), (received.Topic, received.ConvertPayloadToString()));
        Assert.False(platform.TryTake(out _));
    }

    [Fact]
    public async Task ADeviceRegisteredWhileMosquittoRuns_LogsInAfterTheReload_NotBefore()
    {
        var late = _registry.Register("coop-2", "kiln", "gw-9");

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-9", late.Username, late.Password));
        await _broker.ReloadAsync();

        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.ReadingsFilter);
        await using var device = await Connect("gw-9", late.Username, late.Password);
        await device.PublishAsync(late.Topic, "first"u8.ToArray());
        var received = await platform.NextAsync();
        Assert.Equal((late.Topic, "first"), (received.Topic, received.ConvertPayloadToString()));
    }

    [Fact]
    public async Task AfterRotationAndReload_TheOldPasswordIsRefused_TheNewOneWorks()
    {
        var rotated = _registry.Rotate("gw-1")!;
        await _broker.ReloadAsync();

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-1", _dryer.Username, _dryer.Password));
        Assert.Null(await MqttTestClient.RefusalAsync(_broker.Host, _broker.Port, "gw-1", rotated.Username, rotated.Password));
    }

    [Fact]
    public async Task ADevicePublishingOnAnotherSitesTopic_IsNotDeliveredToTheIngestionSubscriber()
    {
        await using var platform = await Connect("platform", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.Shared("traceability", TelemetryTopics.ReadingsFilter));
        await using var device = await Connect("gw-1", _dryer.Username, _dryer.Password);

        // mosquitto delivers one client's messages in order: the own-topic message arriving first means the forged ones were dropped.
        await device.PublishAsync(_store.Topic, "forged-site"u8.ToArray());
        await device.PublishAsync(TelemetryTopics.Readings("coop-2", "dryer", "gw-1"), "forged-facility"u8.ToArray());
        await device.PublishAsync(_dryer.Topic, "own"u8.ToArray());

        var received = await platform.NextAsync();
        Assert.Equal((_dryer.Topic, "own"), (received.Topic, received.ConvertPayloadToString()));
        Assert.False(platform.TryTake(out _));
    }

    [Fact]
    public async Task WithMosquittosPidFile_TheWriterReloadsMosquittoItself()
    {
        var pidFile = Path.Combine(_folder.FullName, "mosquitto.pid");
        await using var broker = await MosquittoProcess.StartAsync(new MosquittoOptions
        {
            PasswordFile = PasswordFile,
            AclFile = AclFile,
            ExtraConfig = [$"pid_file {pidFile}"],
        });

        // The writer writes where this mosquitto reads (its own folder) and signals it through the pid file.
        using var writer = new MosquittoFilesWriter(_registry, Path.Combine(broker.Folder, "passwd"), Path.Combine(broker.Folder, "acl"), pidFile);
        Assert.Null(await MqttTestClient.RefusalAsync(broker.Host, broker.Port, "gw-2", _store.Username, _store.Password));

        _registry.Revoke("gw-2");

        await Eventually(() => broker.Output.Contains("Reloading config.", StringComparison.Ordinal));
        Assert.Equal(0, writer.Failures);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await MqttTestClient.RefusalAsync(broker.Host, broker.Port, "gw-2", _store.Username, _store.Password));
        Assert.Null(await MqttTestClient.RefusalAsync(broker.Host, broker.Port, "gw-1", _dryer.Username, _dryer.Password));
    }

    [Fact]
    public void AWriteThatFails_IsCounted_AndDoesNotUndoTheRegistrysChange()
    {
        var blocked = Path.Combine(_folder.FullName, "not-a-folder");
        File.WriteAllText(blocked, "a file where the writer wants a folder");
        using var writer = new MosquittoFilesWriter(_registry, Path.Combine(blocked, "passwd"), Path.Combine(blocked, "acl"));

        Assert.True(_registry.Revoke("gw-1"));

        Assert.Equal(1, writer.Failures);
        Assert.True(_registry.Find("gw-1")!.IsRevoked);
        Assert.Null(_registry.Authenticate(_dryer.Username, _dryer.Password));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 15 s");
            await Task.Delay(20);
        }
    }

    private Task<MqttTestClient> Connect(string clientId, string username, string password) =>
        MqttTestClient.ConnectAsync(_broker.Host, _broker.Port, clientId, username, password);
}
