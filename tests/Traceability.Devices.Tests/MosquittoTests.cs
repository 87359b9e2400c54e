using System.Diagnostics;
using Traceability.Devices.Simulator;
using Traceability.Telemetry;
using Traceability.Testing;

namespace Traceability.Devices.Tests;

/// <summary>The publisher and the simulator's <c>publish</c> command against a real mosquitto.</summary>
public sealed class MosquittoTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TestBroker Of(MosquittoProcess broker) => new(broker.Host, broker.Port, broker.StopAsync, () => broker.StartAsync());

    [Fact]
    public async Task EverythingPublishedArrivesInOrderWithNoGap()
    {
        await using var broker = await MosquittoProcess.StartAsync();
        await PublishingScenarios.EverythingArrivesInOrderWithNoGap(Of(broker), _folder.Path);
    }

    [Fact]
    public async Task AnAgentRestartedMidStreamLosesNothing()
    {
        await using var broker = await MosquittoProcess.StartAsync();
        await PublishingScenarios.ARestartedAgentLosesNothing(Of(broker), _folder.Path);
    }

    [Fact]
    public async Task ATenMinuteBrokerOutageLosesNothing()
    {
        await using var broker = await MosquittoProcess.StartAsync();
        await PublishingScenarios.ABrokerOutageLosesNothing(Of(broker), _folder.Path);
    }

    [Fact]
    public async Task ThePublishCommandPublishesNReadingsWithEachDevicesOwnLoginAndExitsZero()
    {
        var devices = Devices(3);
        await using var broker = await MosquittoProcess.StartAsync(await AuthAsync(devices, allowed: devices));
        await using var subscriber = await ReadingsSubscriberAsAdmin(broker);
        var (exit, output, error) = await PublishAsync(broker, devices, readings: 1234);

        Assert.True(exit == 0, $"exit {exit}: {output} {error}\n{broker.Output}");
        await subscriber.WaitUntilAsync(m => m.Sum(b => b.Readings.Count) >= 1234);
        Assert.Equal(1234, subscriber.Messages.DistinctBy(m => (m.Device, m.Sequence)).Sum(m => m.Readings.Count));
        Assert.Equal(devices.Select(d => d.Device).Order(), subscriber.Messages.Select(m => m.Device).Distinct().Order());
        var now = DateTimeOffset.UtcNow;
        Assert.All(subscriber.Messages.SelectMany(m => m.Readings), r => Assert.InRange(r.At, now - TimeSpan.FromDays(1.1), now));
    }

    [Fact]
    public async Task ThePublishCommandFailsClearlyWhenTheBrokerRefusesTheCredentials()
    {
        var devices = Devices(2);
        await using var broker = await MosquittoProcess.StartAsync(await AuthAsync(devices, allowed: devices));
        var wrong = devices.Select((d, i) => i == 1 ? d with { Password = "wrong" } : d).ToList();

        var (exit, _, error) = await PublishAsync(broker, wrong, readings: 100);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("refused", error, StringComparison.Ordinal);
        Assert.Contains("dev-1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublishCommandFailsClearlyWhenTheAclForbidsTheTopic()
    {
        var devices = Devices(2);
        await using var broker = await MosquittoProcess.StartAsync(await AuthAsync(devices, allowed: devices.Take(1).ToList()));

        var (exit, _, error) = await PublishAsync(broker, devices, readings: 100);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("NotAuthorized", error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> PublishAsync(MosquittoProcess broker, IReadOnlyList<DeviceCredentials> devices, int readings)
    {
        var file = Path.Combine(_folder.Path, "demo-devices.json");
        ReadingsPayload.WriteDevices(file, devices);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new SimulatorCli(output, error).InvokeAsync(
            ["publish", "--broker", $"{broker.Host}:{broker.Port}", "--devices", file, "--readings", readings.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "50", "--timeout", "60s"]);
        return (exit, output.ToString(), error.ToString());
    }

    private static List<DeviceCredentials> Devices(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DeviceCredentials($"dev-{i}", "coop-1", $"site-{i}", TelemetryTopics.Readings("coop-1", $"site-{i}", $"dev-{i}"), $"dev-{i}", $"pw-{i}"))];

    private async Task<MosquittoOptions> AuthAsync(IReadOnlyList<DeviceCredentials> devices, IReadOnlyList<DeviceCredentials> allowed)
    {
        var passwd = Path.Combine(_folder.Path, "passwd");
        await File.WriteAllTextAsync(passwd, "");
        foreach (var (user, password) in devices.Select(d => (d.Username, d.Password)).Append(("admin", "admin-pw")))
        {
            using var process = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-b", passwd, user, password]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }

        var acl = Path.Combine(_folder.Path, "acl");
        var lines = new List<string> { "user admin", "topic readwrite ocop/#" };
        foreach (var device in devices)
        {
            lines.Add($"user {device.Username}");
            lines.Add($"topic write {TelemetryTopics.Status(device.Facility, device.Site, device.Device)}");
            if (allowed.Contains(device))
            {
                lines.Add($"topic write {device.Topic}");
            }
        }

        await File.WriteAllLinesAsync(acl, lines);
        return new MosquittoOptions { PasswordFile = passwd, AclFile = acl };
    }

    private static Task<ReadingsSubscriber> ReadingsSubscriberAsAdmin(MosquittoProcess broker) =>
        ReadingsSubscriber.StartAsync(broker.Host, broker.Port, "admin", "admin-pw");
}
