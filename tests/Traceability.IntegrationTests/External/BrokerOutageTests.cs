using Traceability.Devices.Agent;
using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry.Simulation;
using Xunit.Abstractions;

namespace Traceability.IntegrationTests.External;

/// <summary>
/// mosquitto goes away for ten minutes of a gateway's clock while its agent keeps sampling into its disk
/// buffer, then comes back on the same port: every buffered reading reaches the store exactly once.
/// </summary>
[Collection(ExternalCluster.Collection)]
public sealed class BrokerOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <remarks>The broker stops as soon as it has acknowledged the online minute, whether or not the server has it yet: it saves its queues on the way down.</remarks>
    [Fact]
    public Task WhenMosquittoStopsForTenMinutes_TheBufferedReadingsArriveExactlyOnce() => OutageAsync(crash: false);

    /// <remarks>
    /// A killed mosquitto keeps only what it last saved. It saves every second here (the deployment every 60 s), and
    /// it is killed once it saved after the online minute was stored, so what it keeps holds the server's session
    /// and subscription. That mosquitto loses the messages it acknowledged after its last save (docs/mqtt.md) is
    /// its limit, not the platform's, and not what this test is about.
    /// </remarks>
    [Fact]
    public Task WhenMosquittoIsKilledForTenMinutes_TheBufferedReadingsArriveExactlyOnce() => OutageAsync(crash: true);

    [Fact]
    public async Task WhenMosquittoRestartsWhileTheServerIsDown_WhatItQueuedForTheServersSessionIsStoredOnce()
    {
        await using var cluster = await ExternalCluster.StartAsync();
        await cluster.KillServerAsync();
        await using var fleet = SimulatedFleet.Publish(cluster.Devices, cluster.Broker.Host, cluster.Broker.Port, cluster.Scratch, total: 6000, batch: 10);
        // Acknowledged by mosquitto: every message now waits in the queue of the server's persistent session.
        await fleet.DrainAsync(ExternalCluster.Patience);

        await cluster.Broker.StopAsync();
        await cluster.Broker.StartAsync();
        await cluster.RestartServerAsync();
        var stored = await cluster.WaitForReadingsAsync(fleet.Sent);

        StoredReadingsAssert.ExactlyOnce(fleet.Sent, stored);
        var status = await cluster.StatusAsync();
        Assert.Equal((fleet.Messages, 6000L, 0L), (status.MessagesStored, status.ReadingsStored, status.DeadLettered));
    }

    /// <summary>
    /// The broker restarts while the server is away and a gateway publishes first. mosquitto 2.0.11
    /// restores persistent sessions and their queued messages but not their shared subscriptions, so
    /// it answers the gateway 0x10 NoMatchingSubscribers and drops the messages: the gateway must
    /// keep them and send them again, until the server has subscribed again.
    /// </summary>
    [Fact]
    public async Task WhenAGatewayIsBackBeforeTheServerAfterAMosquittoRestart_NothingIsLost()
    {
        await using var cluster = await ExternalCluster.StartAsync();
        await cluster.KillServerAsync();
        await cluster.Broker.StopAsync();
        await cluster.Broker.StartAsync();
        await using var fleet = SimulatedFleet.Publish(cluster.Devices.Take(1).ToList(), cluster.Broker.Host, cluster.Broker.Port, cluster.Scratch, total: 100, batch: 10);
        await fleet.WaitUntilUndeliveredAsync(ExternalCluster.Patience);

        await cluster.RestartServerAsync();
        await fleet.DrainAsync(ExternalCluster.Patience);
        var stored = await cluster.WaitForReadingsAsync(fleet.Sent);

        StoredReadingsAssert.ExactlyOnce(fleet.Sent, stored);
    }

    private async Task OutageAsync(bool crash)
    {
        await using var cluster = await ExternalCluster.StartAsync(autosaveIntervalSeconds: crash ? 1 : 1800);
        var device = cluster.Devices[0];
        // The gateway's clock: half an hour behind, so that its ten minutes stay in the past for the platform.
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds()));
        using var outbox = DiskBuffer.Open(Path.Combine(cluster.Scratch, device.Device), device.Device, time: clock);
        var first = outbox.NextSequence;
        var publisher = new Publisher(
            new PublisherOptions
            {
                Host = cluster.Broker.Host,
                Port = cluster.Broker.Port,
                Facility = device.Facility,
                Site = device.Site,
                Device = device.Device,
                Username = device.Username,
                Password = device.Password,
                MinBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromSeconds(5),
            },
            outbox);
        var driver = new RecordingDriver(new SimulatedSensorDriver(new DryingRun { Start = clock.GetUtcNow().AddHours(-1), Seed = SiteModels.Seed(device.Device) }, clock));
        var agent = new Agent(new AgentOptions { Interval = Interval, BatchSize = 2 }, driver, outbox, publisher, clock);
        var stop = new CancellationTokenSource();
        var publishing = publisher.RunAsync(stop.Token);

        async Task SampleAsync(int intervals)
        {
            for (var i = 0; i < intervals; i++)
            {
                clock.Advance(Interval);
                await agent.SampleOnceAsync(CancellationToken.None);
            }
        }

        List<SentReading> Sent() => [.. driver.Read.Select(r => new SentReading(device.Site, device.Device, r))];

        // A minute online, acknowledged by mosquitto; for the crash also stored and saved by mosquitto afterwards.
        await SampleAsync(6);
        await outbox.Changed.WaitUntilAsync(() => outbox.Count == 0, CancellationToken.None).WaitAsync(ExternalCluster.Patience);
        if (crash)
        {
            await cluster.WaitForReadingsAsync(Sent());
            var storedAt = DateTime.UtcNow;
            var database = Path.Combine(cluster.Broker.Folder, "mosquitto.db");
            await Eventually.HoldsAsync(() => File.Exists(database) && File.GetLastWriteTimeUtc(database) > storedAt, ExternalCluster.Patience, "mosquitto saved its database");
            await cluster.Broker.KillAsync();
        }
        else
        {
            await cluster.Broker.StopAsync();
        }

        await publisher.Progress.WaitUntilAsync(() => !publisher.IsConnected, CancellationToken.None).WaitAsync(ExternalCluster.Patience);
        // The gateway's uplink stays down until the platform is back: mosquitto 2.0 does not restore the server's shared
        // subscription from its database, so what a gateway sends before the server subscribes again is dropped (see
        // WhenAGatewayIsBackBeforeTheServerAfterAMosquittoRestart_NothingIsLost).
        await stop.CancelAsync();
        await publishing;
        stop.Dispose();
        await SampleAsync(60);
        var buffered = outbox.Count;
        var subscriptions = cluster.Subscriptions();
        await cluster.Broker.StartAsync();
        await Eventually.HoldsAsync(() => cluster.Subscriptions() > subscriptions, ExternalCluster.Patience, "the server subscribed again");
        stop = new CancellationTokenSource();
        publishing = publisher.RunAsync(stop.Token);
        await outbox.Changed.WaitUntilAsync(() => outbox.Count == 0, CancellationToken.None).WaitAsync(ExternalCluster.Patience);
        var sent = Sent();
        var stored = await cluster.WaitForReadingsAsync(sent);
        await stop.CancelAsync();
        await publishing;
        stop.Dispose();

        var status = await cluster.StatusAsync();
        output.WriteLine($"{buffered} messages buffered during the outage; {sent.Count} readings in {outbox.NextSequence - first} messages in all; " +
            $"the platform stored {status.MessagesStored} messages and absorbed {status.Duplicates} duplicates; publisher connections {publisher.Connections}");
        Assert.Equal(120, buffered);
        Assert.Equal(66 * 3, sent.Count);
        StoredReadingsAssert.ExactlyOnce(sent, stored);
        Assert.Equal((outbox.NextSequence - first, sent.Count), (status.MessagesStored, status.ReadingsStored));
        Assert.Equal(0, status.DeadLettered);
    }
}
