using System.Net;
using MQTTnet;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// Device logins through the real server (demo data, embedded broker): an admin registers, rotates and revokes gateways
/// over HTTP with the demo admin key; the broker takes the change at once; an operator cannot manage devices; every
/// refusal (HTTP and MQTT) is in the audit log.
/// </summary>
[Collection(OneServerAtATime.Name)]
public sealed class DeviceAccountsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnAdminRegistersAGateway_ItsReadingsAreStored_ThenRevokedItIsDisconnectedAndCannotConnect_AndTheRefusalIsAudited()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var site = DemoSite(server);
        using var admin = DeviceAdmin.As(server, DeviceAdmin.Keys(server).Admin);
        var deviceId = $"{site.Site}.GW-T1";

        var (status, login, body) = await admin.RegisterAsync(site.Facility, site.Site, deviceId);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.Equal((deviceId, site.Facility, site.Site, deviceId, TelemetryTopics.Readings(site.Facility, site.Site, deviceId)), (login!.Device, login.Facility, login.Site, login.Username, login.Topic));
        Assert.True(login.Password.Length >= 43, "a 256-bit password");

        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds());
        var (connection, connected) = await DeviceMqtt.ConnectAsync(server.MqttPort, login);
        Assert.Equal(MqttClientConnectResultCode.Success, connected);
        await using (connection)
        {
            var published = await connection!.PublishAsync(login.Topic, DeviceMqtt.Reading(deviceId, 1, 57.5, at));
            Assert.Equal(MqttClientPublishReasonCode.Success, published);
            var stored = Assert.Single(await admin.Http.SiteReadingsAsync(site.Site, at.AddMinutes(-1), at.AddMinutes(1)), r => r.Device == deviceId);
            Assert.Equal(new Conditions.StoredReading(site.Facility, site.Site, deviceId, "t1", "temperature", "CEL", 57.5, at), stored);

            // The listing names the device and never a password.
            var listing = await admin.ListAsync(site.Facility);
            Assert.Contains(deviceId, await admin.DeviceIdsAsync(site.Facility));
            Assert.DoesNotContain(login.Password, listing, StringComparison.Ordinal);
            Assert.DoesNotContain("password", listing, StringComparison.OrdinalIgnoreCase);

            var (revoked, revokedBody) = await admin.RevokeAsync(deviceId);

            Assert.True(revoked == HttpStatusCode.OK, $"{(int)revoked} {revokedBody}");
            Assert.Contains("revokedAt", revokedBody, StringComparison.Ordinal);
            Assert.Equal(MqttClientDisconnectReason.NotAuthorized, await connection.Ended.WaitAsync(Patience));
            Assert.Null(await connection.PublishAsync(login.Topic, DeviceMqtt.Reading(deviceId, 2, 58.5, at.AddSeconds(1))));
        }

        var (_, refused) = await DeviceMqtt.ConnectAsync(server.MqttPort, login);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused);
        Assert.Single(await admin.Http.SiteReadingsAsync(site.Site, at.AddMinutes(-1), at.AddMinutes(1)), r => r.Device == deviceId);
        await Eventually.HoldsAsync(
            async () => (await admin.AuditAsync()).Any(e => e is { Who: var who, Operation: "connect", Allowed: false } && who == $"device:{deviceId}" && e.Reason.Contains("revoked", StringComparison.Ordinal)),
            Patience,
            () => $"the refused CONNECT of revoked {deviceId} in the audit log");
        var audit = await admin.AuditAsync();
        var refusal = audit.Last(e => e.Who == $"device:{deviceId}" && e.Operation == "connect");
        Assert.StartsWith("127.0.0.1:", refusal.From, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterRotation_TheOldPasswordIsRefused_TheNewOneWorks_AndTheOpenConnectionIsClosed()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var gateway = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"))[0];
        using var admin = DeviceAdmin.As(server, DeviceAdmin.Keys(server).Admin);
        var (open, _) = await DeviceMqtt.ConnectAsync(server.MqttPort, gateway);
        await using var held = open!;

        var (status, rotated, body) = await admin.RotateAsync(gateway.Device);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.NotEqual(gateway.Password, rotated!.Password);
        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, await open!.Ended.WaitAsync(Patience));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, (await DeviceMqtt.ConnectAsync(server.MqttPort, gateway)).Result);
        var (again, result) = await DeviceMqtt.ConnectAsync(server.MqttPort, rotated);
        await using (again)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, result);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds());
            Assert.Equal(MqttClientPublishReasonCode.Success, await again!.PublishAsync(rotated.Topic, DeviceMqtt.Reading(gateway.Device, 1, 55.25, at)));
        }
    }

    [Fact]
    public async Task AnOperatorGets403OnRegisterDevice_RotateAndRevoke_NothingChanges_AndTheDenialsAreAudited()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var site = DemoSite(server);
        var keys = DeviceAdmin.Keys(server);
        using var admin = DeviceAdmin.As(server, keys.Admin);
        using var own = DeviceAdmin.As(server, keys.Operators[site.Facility]);
        using var anonymous = DeviceAdmin.As(server, null);
        var before = await admin.DeviceIdsAsync();
        var gateway = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json")).First(d => d.Site == site.Site);

        var (registered, login, body) = await own.RegisterAsync(site.Facility, site.Site, $"{site.Site}.GW-OP");
        var (rotated, rotatedLogin, _) = await own.RotateAsync(gateway.Device);
        var (revoked, _) = await own.RevokeAsync(gateway.Device);
        var (unauthenticated, _, _) = await anonymous.RegisterAsync(site.Facility, site.Site, $"{site.Site}.GW-ANON");

        Assert.True(registered == HttpStatusCode.Forbidden, $"{(int)registered} {body}");
        Assert.Null(login);
        Assert.Equal(HttpStatusCode.Forbidden, rotated);
        Assert.Null(rotatedLogin);
        Assert.Equal(HttpStatusCode.Forbidden, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated);
        Assert.Equal(before, await admin.DeviceIdsAsync());

        // The gateway's login still works: neither rotated nor revoked.
        var (connection, result) = await DeviceMqtt.ConnectAsync(server.MqttPort, gateway);
        await using (connection)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, result);
        }

        var denials = (await admin.AuditAsync()).Where(e => !e.Allowed && e.Who.StartsWith("operator:", StringComparison.Ordinal)).ToList();
        Assert.True(denials.Count >= 3, string.Join("\n", denials));
        Assert.All(denials, d => Assert.Contains("admin", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegisterDeviceRefusesBadIdsUnknownSitesOtherFacilitiesSitesAndTakenIds_RegisteringNothing()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var site = DemoSite(server);
        var other = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json")).First(d => d.Facility != site.Facility);
        using var admin = DeviceAdmin.As(server, DeviceAdmin.Keys(server).Admin);
        var before = await admin.DeviceIdsAsync();

        var cases = new (string Facility, string Site, string Device, HttpStatusCode Expected, string Field)[]
        {
            (site.Facility, site.Site, "gw/1", HttpStatusCode.BadRequest, "device_id"),
            (site.Facility, site.Site, "...", HttpStatusCode.BadRequest, "device_id"),
            (site.Facility, site.Site, "", HttpStatusCode.BadRequest, "device_id"),
            (site.Facility, "NO-SUCH-SITE", "gw-new-1", HttpStatusCode.NotFound, "site_id"),
            (site.Facility, other.Site, "gw-new-2", HttpStatusCode.BadRequest, "site_id"),
            (site.Facility, site.Site, site.Device, HttpStatusCode.Conflict, "device_id"),
        };
        foreach (var (facility, siteId, device, expected, field) in cases)
        {
            var (status, login, body) = await admin.RegisterAsync(facility, siteId, device);

            Assert.True(status == expected, $"{facility}/{siteId}/{device}: {(int)status} {body}");
            Assert.Null(login);
            Assert.Contains(field, body, StringComparison.Ordinal);
        }

        Assert.Equal(before, await admin.DeviceIdsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.RevokeAsync("no-such-device")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.RotateAsync("no-such-device")).Status);
    }

    [Fact]
    public async Task AGatewayPublishingOnAnotherSitesTopic_IsRefused_AndTheRefusalIsAuditedWithTheTopic()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var devices = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"));
        var gateway = devices[0];
        var victim = devices.First(d => d.Facility == gateway.Facility && d.Site != gateway.Site);
        using var admin = DeviceAdmin.As(server, DeviceAdmin.Keys(server).Admin);
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);
        var (connection, _) = await DeviceMqtt.ConnectAsync(server.MqttPort, gateway);
        await using var held = connection!;

        var code = await connection!.PublishAsync(victim.Topic, DeviceMqtt.Reading(victim.Device, 1, 61.5, at));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, code);
        Assert.DoesNotContain(await admin.Http.SiteReadingsAsync(victim.Site, at.AddMinutes(-1), at.AddMinutes(1)), r => r.At == at);
        var entry = Assert.Single(await admin.AuditAsync(), e => e.Operation == $"publish on {victim.Topic}");
        Assert.Equal(($"device:{gateway.Device}", false), (entry.Who, entry.Allowed));
        Assert.StartsWith("127.0.0.1:", entry.From, StringComparison.Ordinal);
        Assert.Contains("may not", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADemoGatewayRevokedByAnAdmin_StaysRevokedWhenTheDemoStartsAgain_AndTheServerStarts()
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-demo-revoked-").FullName;
        try
        {
            DeviceCredentials gateway;
            await using (var first = await ServerProcess.StartAsync(dataDir, demo: true))
            {
                gateway = ReadingsPayload.ReadDevices(Path.Combine(dataDir, "demo-devices.json"))[0];
                using var admin = DeviceAdmin.As(first, DeviceAdmin.Keys(first).Admin);
                Assert.Equal(HttpStatusCode.OK, (await admin.RevokeAsync(gateway.Device)).Status);
            }

            await using var second = await ServerProcess.StartAsync(dataDir, demo: true);

            var devices = ReadingsPayload.ReadDevices(Path.Combine(dataDir, "demo-devices.json"));
            Assert.DoesNotContain(devices, d => d.Device == gateway.Device);
            Assert.NotEmpty(devices);
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, (await DeviceMqtt.ConnectAsync(second.MqttPort, gateway)).Result);
            var (other, result) = await DeviceMqtt.ConnectAsync(second.MqttPort, devices[0]);
            await using (other)
            {
                Assert.Equal(MqttClientConnectResultCode.Success, result);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file the stopped server held a moment longer; the temporary folder is the OS's to clean.
            }
        }
    }

    /// <summary>A demo site with a gateway (drying, processing or storage), from demo-devices.json.</summary>
    private static DeviceCredentials DemoSite(ServerProcess server) =>
        ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"))[0];
}
