using Microsoft.Data.Sqlite;
using Traceability.Conditions;
using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry;
using Traceability.Testing;
using Xunit.Abstractions;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>In the embedded mode a PUBACK means durable: killing the server loses nothing it acknowledged.</summary>
[Collection(OneServerAtATime.Name)]
public sealed class KillDuringIngestionTests(ITestOutputHelper log)
{
    private const int Devices = 4;
    private const int MessagesPerDevice = 300;
    private const int ReadingsPerMessage = 5;

    [Fact]
    public async Task WhenTheServerIsKilledMidStream_EveryAcknowledgedReadingSurvivesAndEveryMessageEndsUpStoredOnce()
    {
        var dataDir = Directory.CreateTempSubdirectory("traceability-kill-").FullName;
        var agentDir = Directory.CreateTempSubdirectory("traceability-kill-agents-").FullName;
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds());
        using var stop = new CancellationTokenSource();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateways = new List<(DeviceCredentials Device, RecordingOutbox Outbox, Publisher Publisher, Task Running, Task Producing)>();
        try
        {
            int port;
            Dictionary<string, IReadOnlySet<long>> acknowledgedBeforeKill;
            await using (var first = await ServerProcess.StartAsync(dataDir, demo: true))
            {
                port = first.MqttPort;
                var devices = ReadingsPayload.ReadDevices(Path.Combine(dataDir, "demo-devices.json")).Take(Devices).ToList();
                foreach (var device in devices)
                {
                    var outbox = new RecordingOutbox(DiskBuffer.Open(Path.Combine(agentDir, device.Device), device.Device));
                    var publisher = new Publisher(
                        new PublisherOptions
                        {
                            Host = "127.0.0.1",
                            Port = port,
                            Facility = device.Facility,
                            Site = device.Site,
                            Device = device.Device,
                            Username = device.Username,
                            Password = device.Password,
                            MinBackoff = TimeSpan.FromMilliseconds(100),
                            MaxBackoff = TimeSpan.FromSeconds(1),
                        },
                        outbox);
                    gateways.Add((device, outbox, publisher, Task.Run(() => publisher.RunAsync(stop.Token)), Task.Run(() => ProduceAsync(outbox, start, killed.Task, stop.Token))));
                }

                // Mid-stream: some messages acknowledged, many still to come.
                await Eventually.HoldsAsync(
                    () => gateways.All(g => g.Publisher.AcknowledgedMessages >= MessagesPerDevice / 6),
                    TimeSpan.FromSeconds(60),
                    () => "a sixth of each device's messages acknowledged: " + string.Join(", ", gateways.Select(g => g.Publisher.AcknowledgedMessages)));
                acknowledgedBeforeKill = gateways.ToDictionary(g => g.Device.Device, g => g.Outbox.Acknowledged);
                await first.KillAsync();
                killed.SetResult();
            }

            await using var restarted = await ServerProcess.StartAsync(dataDir, demo: true, "--Mqtt:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(port, restarted.MqttPort);

            // Every acknowledged message is there at once, before the devices have resent anything they had to.
            foreach (var (device, outbox, _, _, _) in gateways)
            {
                var stored = Identities(await restarted.Http.SiteReadingsAsync(device.Site, start.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
                var appended = outbox.Appended;
                var lost = acknowledgedBeforeKill[device.Device].SelectMany(seq => appended[seq]).Count(r => !stored.Contains(Identity(device, r)));
                Assert.True(lost == 0, $"{device.Device}: {lost} acknowledged readings are missing after the restart");
            }

            await Task.WhenAll(gateways.Select(g => g.Producing)).WaitAsync(TimeSpan.FromSeconds(60));
            await Eventually.HoldsAsync(
                () => gateways.All(g => g.Outbox.Count == 0),
                TimeSpan.FromSeconds(60),
                () => "every outbox drained: " + string.Join(", ", gateways.Select(g => g.Outbox.Count)));

            foreach (var (device, outbox, publisher, _, _) in gateways)
            {
                var expected = outbox.Appended.OrderBy(m => m.Key).SelectMany(m => m.Value)
                    .Select(r => new StoredReading(device.Facility, device.Site, device.Device, r.Sensor, r.Quantity, r.Unit, r.Value, r.At))
                    .OrderBy(r => r.At).ThenBy(r => r.Sensor, StringComparer.Ordinal).ToList();
                var stored = await restarted.Http.SiteReadingsAsync(device.Site, start.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
                Assert.Equal(MessagesPerDevice * ReadingsPerMessage, expected.Count);
                Assert.Equal(expected, stored.OrderBy(r => r.At).ThenBy(r => r.Sensor, StringComparer.Ordinal).ToList());
                Assert.Equal(0, publisher.DeadLettered);
                Assert.Equal(0, outbox.Dropped);
            }

            // The journal knows each message once, and nothing went to the dead letters.
            Assert.Equal(Devices * MessagesPerDevice, StoredMessages(dataDir));
            var status = await restarted.Http.IngestionStatusAsync();
            Assert.Equal(0, status.DeadLettered);
            log.WriteLine($"acknowledged before the kill: {string.Join(", ", acknowledgedBeforeKill.Values.Select(a => a.Count))} of {MessagesPerDevice} per device; "
                + $"after the restart {status.MessagesStored} stored, {status.Duplicates} recognised as already stored");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(gateways.SelectMany(g => new[] { g.Running, g.Producing }).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var gateway in gateways)
            {
                gateway.Outbox.Dispose();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(agentDir, recursive: true);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// A steady stream: one message every 20 ms, each reading at its own millisecond. The second
    /// half waits for the kill, so the kill always falls mid-stream however slow the machine is.
    /// </summary>
    private static async Task ProduceAsync(RecordingOutbox outbox, DateTimeOffset start, Task killed, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        for (var m = 0; m < MessagesPerDevice && await timer.WaitForNextTickAsync(cancellationToken); m++)
        {
            if (m == MessagesPerDevice / 2)
            {
                await killed.WaitAsync(cancellationToken);
            }

            var readings = new SensorReading[ReadingsPerMessage];
            for (var i = 0; i < ReadingsPerMessage; i++)
            {
                var at = start.AddMilliseconds((m * ReadingsPerMessage) + i);
                readings[i] = new SensorReading("t1", "temperature", "CEL", Math.Round(40 + (((m * ReadingsPerMessage) + i) % 300 / 10.0), 1), at);
            }

            outbox.Append(readings);
        }
    }

    private static (string, string, string, long) Identity(DeviceCredentials device, SensorReading r) => (device.Device, r.Sensor, r.Quantity, r.At.ToUnixTimeMilliseconds());

    private static HashSet<(string, string, string, long)> Identities(IEnumerable<StoredReading> readings) =>
        readings.Select(r => (r.Device, r.Sensor, r.Quantity, r.At.ToUnixTimeMilliseconds())).ToHashSet();

    private static long StoredMessages(string dataDir)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "readings.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM seen";
        return (long)command.ExecuteScalar()!;
    }
}
