using System.Net;
using System.Text.Json;
using Grpc.Core;
using Traceability.Contracts.V1;
using Traceability.Server.Demo;
using ReadingsClient = Traceability.Contracts.V1.Readings.ReadingsClient;

namespace Traceability.Server.Tests;

/// <summary>The readings routes of a demo server: their contract, and every bad request refused naming the field.</summary>
public sealed class ReadingsRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Http => fixture.Server.Http;

    [Theory]
    [InlineData("/v1/sites/HTX-NGOCLINH-DG.DRY1/readings?to=2026-11-29T00:00:00Z", "from")]
    [InlineData("/v1/sites/HTX-NGOCLINH-DG.DRY1/readings?from=2026-11-28T00:00:00Z", "to")]
    [InlineData("/v1/sites/HTX-NGOCLINH-DG.DRY1/readings?from=2026-11-29T00:00:00Z&to=2026-11-28T00:00:00Z", "to")]
    [InlineData("/v1/sites/HTX-NGOCLINH-DG.DRY1/readings?from=2026-11-28T00:00:00Z&to=2026-11-29T00:00:00Z&limit=100001", "limit")]
    [InlineData("/v1/sites/bad%20site/readings?from=2026-11-28T00:00:00Z&to=2026-11-29T00:00:00Z", "site_id")]
    [InlineData("/v1/ingestion/dead-letters?limit=5000", "limit")]
    public async Task ABadReadingsRequestIsRefusedNamingTheField(string route, string field)
    {
        using var response = await Http.GetAsync(new Uri(route, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field + ":", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiteWithoutReadingsAnswersAnEmptyList()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/v1/sites/HTX-NGOCLINH-DG.STORE1/readings?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", UriKind.Relative)));

        Assert.Equal("HTX-NGOCLINH-DG.STORE1", json.RootElement.GetProperty("siteId").GetString());
        Assert.Equal(0, json.RootElement.TryGetProperty("readings", out var readings) ? readings.GetArrayLength() : 0);
    }

    [Fact]
    public async Task TheStatusNamesTheEmbeddedBrokerAndTheSqliteStore()
    {
        var status = await new ReadingsClient(fixture.Server.Channel).GetIngestionStatusAsync(new GetIngestionStatusRequest());

        Assert.Equal(("embedded", "sqlite"), (status.Broker, status.Store));
        Assert.NotEqual(0, fixture.Server.MqttPort);
    }

    [Fact]
    public void TheDemoWritesALoginForEveryDryingProcessingAndStorageSite()
    {
        var devices = Telemetry.ReadingsPayload.ReadDevices(Path.Combine(fixture.Server.DataDir, DemoDevices.FileName));

        Assert.Equal(12, devices.Count);
        Assert.All(devices, d => Assert.Equal(Telemetry.TelemetryTopics.Readings(d.Facility, d.Site, d.Device), d.Topic));
        Assert.Equal(devices.Count, devices.Select(d => d.Password).Distinct().Count());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(fixture.Server.DataDir, DemoDevices.FileName)));
        }
    }

    [Fact]
    public async Task OverGrpcABadRangeIsInvalidArgument()
    {
        var client = new ReadingsClient(fixture.Server.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ListSiteReadingsAsync(new ListSiteReadingsRequest { SiteId = "HTX-NGOCLINH-DG.DRY1" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("from:", refused.Status.Detail, StringComparison.Ordinal);
    }
}

/// <summary>Gateway liveness through the embedded broker of a demo server: birth, last will, listed by site.</summary>
public sealed class DeviceLivenessRouteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AGatewaysBirthShowsItOnline_AndItsLastWillOffline()
    {
        var device = Telemetry.ReadingsPayload.ReadDevices(Path.Combine(fixture.Server.DataDir, DemoDevices.FileName))[0];
        var statusTopic = Telemetry.TelemetryTopics.Status(device.Facility, device.Site, device.Device);
        var will = Telemetry.ReadingsPayload.Serialize(new Telemetry.DeviceStatus(device.Device, Telemetry.DeviceStatus.Offline, DateTimeOffset.UtcNow));
        var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", fixture.Server.MqttPort)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId(device.Device)
            .WithCredentials(device.Username, device.Password)
            .WithWillTopic(statusTopic).WithWillPayload(will).WithWillRetain(true).WithWillQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await client.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder().WithTopic(statusTopic).WithRetainFlag()
            .WithPayload(Telemetry.ReadingsPayload.Serialize(new Telemetry.DeviceStatus(device.Device, Telemetry.DeviceStatus.Online, DateTimeOffset.UtcNow.AddSeconds(-1), 7, 0)))
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var online = await StateAsync(device, "online");
        // int64 in JSON: a number, or a string as proto3 JSON allows.
        var buffered = online.GetProperty("buffered");
        Assert.Equal(7, buffered.ValueKind == JsonValueKind.String ? long.Parse(buffered.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : buffered.GetInt64());

        // The connection drops without a DISCONNECT: the broker publishes the last will.
        client.Dispose();
        await StateAsync(device, "offline");
    }

    private async Task<JsonElement> StateAsync(Telemetry.DeviceCredentials device, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var json = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync(new Uri($"/v1/ingestion/devices?siteId={device.Site}", UriKind.Relative), timeout.Token));
            var found = json.RootElement.TryGetProperty("devices", out var devices)
                ? devices.EnumerateArray().FirstOrDefault(d => d.GetProperty("device").GetString() == device.Device)
                : default;
            if (found.ValueKind == JsonValueKind.Object && found.GetProperty("state").GetString() == state)
            {
                return found.Clone();
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
