using System.Globalization;
using System.Net;
using MQTTnet;
using Traceability.IntegrationTests.Embedded;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.External;

/// <summary>
/// Device logins in cluster mode, every part real: mosquitto (with a <c>pid_file</c>) and the server subscribed to it,
/// the server writing mosquitto's passwd and acl into mosquitto's folder (<c>Mqtt:PasswordFile</c>,
/// <c>Mqtt:AclFile</c>) and reloading it (<c>Mqtt:MosquittoPidFile</c>). An admin registers a gateway over HTTP and
/// it can publish through mosquitto; its publishes on another site's topic never reach the platform; revoked, mosquitto
/// refuses it. No step by hand in between.
/// </summary>
[Collection(ExternalCluster.Collection)]
public sealed class DeviceAccountsOnMosquittoTests
{
    private static readonly TimeSpan Patience = ExternalCluster.Patience;

    [Fact]
    public async Task AGatewayRegisteredOverHttp_PublishesThroughMosquitto_NotOnAnotherSitesTopic_AndOnceRevokedMosquittoRefusesIt()
    {
        var root = Directory.CreateTempSubdirectory("traceability-devices-mosquitto-");
        try
        {
            var seed = Path.Combine(root.FullName, "seed");
            Directory.CreateDirectory(seed);
            await File.WriteAllTextAsync(Path.Combine(seed, "passwd"), "");
            await File.WriteAllTextAsync(Path.Combine(seed, "acl"), "");
            var pidFile = Path.Combine(root.FullName, "mosquitto.pid");
            await using var broker = await MosquittoProcess.StartAsync(new MosquittoOptions
            {
                PasswordFile = Path.Combine(seed, "passwd"),
                AclFile = Path.Combine(seed, "acl"),
                ExtraConfig = [$"pid_file {pidFile}"],
            });
            var passwd = Path.Combine(broker.Folder, "passwd");
            await using var server = await ServerProcess.StartAsync(
                null,
                true,
                "--Mqtt:Mode", "external",
                "--Mqtt:Host", broker.Host,
                "--Mqtt:Port", broker.Port.ToString(CultureInfo.InvariantCulture),
                "--Mqtt:ClientId", "traceability-ingestion-devices-test",
                "--Mqtt:PasswordFile", passwd,
                "--Mqtt:AclFile", Path.Combine(broker.Folder, "acl"),
                "--Mqtt:MosquittoPidFile", pidFile);

            // The server's subscriber logs in with the registry's service account, which only the written files give mosquitto.
            await Eventually.HoldsAsync(
                () => server.Output.Contains("Subscribed to $share/traceability/ocop/+/+/+/readings", StringComparison.Ordinal),
                Patience,
                "the server subscribed to mosquitto",
                () => server.Output + "\n--- mosquitto ---\n" + broker.Output);
            var site = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"))[0];
            var victim = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json")).First(d => d.Site != site.Site);
            using var admin = DeviceAdmin.As(server, DeviceAdmin.Keys(server).Admin);

            var (status, login, body) = await admin.RegisterAsync(site.Facility, site.Site, $"{site.Site}.GW-MQ");

            Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
            Assert.Contains($"{login!.Username}:$7$", await File.ReadAllTextAsync(passwd), StringComparison.Ordinal);
            DeviceMqtt? connection = null;
            await Eventually.HoldsAsync(
                async () => (connection = (await DeviceMqtt.ConnectAsync(broker.Port, login, broker.Host)).Connection) is not null,
                Patience,
                "mosquitto, reloaded by the server, lets the new gateway in",
                () => broker.Output);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds());
            await using (connection)
            {
                await connection!.PublishAsync(victim.Topic, DeviceMqtt.Reading(victim.Device, 1, 66.5, at));
                await connection.PublishAsync(TelemetryTopics.Readings(victim.Facility, victim.Site, login.Device), DeviceMqtt.Reading(login.Device, 1, 66.5, at));
                await connection.PublishAsync(login.Topic, DeviceMqtt.Reading(login.Device, 1, 54.5, at));
                await connection.PublishAsync(login.Topic, DeviceMqtt.Reading(login.Device, 2, 54.75, at.AddSeconds(1)));

                // mosquitto hands one client's messages on in order: once both own readings are stored, the forged ones were dropped.
                await Eventually.HoldsAsync(
                    async () => (await admin.Http.SiteReadingsAsync(site.Site, at.AddMinutes(-1), at.AddMinutes(1))).Count(r => r.Device == login.Device) == 2,
                    Patience,
                    "the gateway's two readings stored");
                Assert.DoesNotContain(await admin.Http.SiteReadingsAsync(victim.Site, at.AddMinutes(-1), at.AddMinutes(1)), r => r.At == at && r.Value == 66.5);
            }

            var (revoked, revokedBody) = await admin.RevokeAsync(login.Device);

            Assert.True(revoked == HttpStatusCode.OK, $"{(int)revoked} {revokedBody}");
            Assert.DoesNotContain(login.Username, await File.ReadAllTextAsync(passwd), StringComparison.Ordinal);
            await Eventually.HoldsAsync(
                async () => (await DeviceMqtt.ConnectAsync(broker.Port, login, broker.Host)).Result == MqttClientConnectResultCode.NotAuthorized,
                Patience,
                "mosquitto, reloaded by the server, refuses the revoked gateway",
                () => broker.Output);

            // The other gateways still log in.
            var (other, result) = await DeviceMqtt.ConnectAsync(broker.Port, site, broker.Host);
            await using (other)
            {
                Assert.Equal(MqttClientConnectResultCode.Success, result);
            }
        }
        finally
        {
            try
            {
                root.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file a killed process held; the temporary folder is the OS's to clean.
            }
        }
    }
}
