using MQTTnet;
using Traceability.Devices.Simulator;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// The outside contract of the embedded mode: a demo server hands out gateway logins, the
/// simulator publishes with them, and what the broker acknowledged is in the store at once.
/// </summary>
[Collection(OneServerAtATime.Name)]
public sealed class SimulatorPublishTests
{
    [Fact]
    public async Task WhenADemoServerStarts_EachGatewayLoginInDemoDevicesJsonWorksForItsOwnReadingsTopic()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);

        var devices = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"));

        Assert.Equal(12, devices.Count);
        Assert.Equal(devices.Count, devices.Select(d => d.Device).Distinct().Count());
        Assert.Equal(devices.Count, devices.Select(d => d.Username).Distinct().Count());
        foreach (var device in devices)
        {
            Assert.Equal(TelemetryTopics.Readings(device.Facility, device.Site, device.Device), device.Topic);
            Assert.Equal(MqttClientConnectResultCode.Success, await DeviceConnection.TryConnectAsync(server.MqttPort, device.Username, device.Password));
        }
    }

    [Fact]
    public async Task WhenTheSimulatorPublishesNReadingsWithTheDemoLogins_ItExitsZeroAndAllNAreQueryableOnceEach()
    {
        const int total = 1200;
        await using var server = await ServerProcess.StartAsync(demo: true);
        var devicesFile = Path.Combine(server.DataDir, "demo-devices.json");
        var devices = ReadingsPayload.ReadDevices(devicesFile);
        var before = DateTimeOffset.UtcNow;

        var (exitCode, output, error) = await SimulatorProcess.RunAsync(
            TimeSpan.FromMinutes(2),
            "publish", "--broker", $"127.0.0.1:{server.MqttPort}", "--devices", devicesFile, "--readings", total.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exitCode == ExitCodes.Ok, $"simulator exited {exitCode}:\n{output}\n{error}");
        var stored = new List<Conditions.StoredReading>();
        foreach (var site in devices.Select(d => d.Site).Distinct())
        {
            // The simulator writes up to a day of history ending a second before it starts.
            stored.AddRange(await server.Http.SiteReadingsAsync(site, before - TimeSpan.FromDays(2), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10)));
        }

        Assert.Equal(total, stored.Count);
        Assert.Equal(total, stored.Select(r => (r.Site, r.Device, r.Sensor, r.Quantity, r.At)).Distinct().Count());
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            var mine = stored.Where(r => r.Device == device.Device).ToList();
            Assert.Equal(SimulatedReadings.Share(total, devices.Count, i), mine.Count);
            Assert.All(mine, r =>
            {
                Assert.Equal(device.Facility, r.Facility);
                Assert.Equal(device.Site, r.Site);
                Assert.Equal(Quantities.Find(r.Quantity)?.Unit, r.Unit);
            });
        }

        var status = await server.Http.IngestionStatusAsync();
        Assert.Equal(("embedded", "sqlite"), (status.Broker, status.Store));
        Assert.Equal(total, status.ReadingsStored);
        Assert.Equal(0, status.DeadLettered);
    }
}
