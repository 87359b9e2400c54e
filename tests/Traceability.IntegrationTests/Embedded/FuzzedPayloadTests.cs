using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using MQTTnet;
using Traceability.Conditions;
using Traceability.Telemetry;
using Traceability.Telemetry.Simulation;
using Traceability.Testing;
using Xunit.Abstractions;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>
/// Whatever gateways send, the pipeline keeps running and accounts for every message: stored,
/// recognised as a repeat, or dead-lettered with its reason, each answered accordingly.
/// </summary>
[Collection(OneServerAtATime.Name)]
public sealed class FuzzedPayloadTests(ITestOutputHelper log)
{
    private const int Seed = 20261128;
    private const int Count = 10_000;

    [Fact]
    public async Task WhenGatewaysPublishTenThousandFuzzedPayloads_TheServerStaysHealthyAndEveryMessageIsAccountedFor()
    {
        await using var server = await ServerProcess.StartAsync(demo: true);
        var devices = ReadingsPayload.ReadDevices(Path.Combine(server.DataDir, "demo-devices.json"));
        var generatedAt = DateTimeOffset.UtcNow;
        var messages = FuzzedPayloads.Generate(Seed, Count, devices, generatedAt);
        var expected = Expect(messages, generatedAt);

        var clock = Stopwatch.StartNew();
        var answers = await PublishAsync(server.MqttPort, messages);
        log.WriteLine($"{Count} messages ({messages.Sum(m => (long)m.Payload.Length) / 1024} KiB) answered in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(DateTimeOffset.UtcNow < generatedAt + FuzzedPayloads.Validity, "the run outlasted the window in which the verdicts were computed");

        // Every message was answered, as its verdict says.
        var unanswered = messages.Where(m => answers[m.Index] is null).Select(m => m.Kind).ToList();
        Assert.True(unanswered.Count == 0, $"no PUBACK for {unanswered.Count} messages: {string.Join(", ", unanswered.Distinct())}");
        var wrong = messages.Where(m => Answer(answers[m.Index]!.Value) != expected.Codes[m.Index])
            .Select(m => $"#{m.Index} {m.Kind}: expected {expected.Codes[m.Index]}, got {answers[m.Index]}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} messages answered otherwise than their verdict:\n{string.Join("\n", wrong.Take(20))}");

        // The server is alive and its counters add up.
        using (var health = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var status = await server.Http.IngestionStatusAsync();
        Assert.Equal(Count, status.MessagesStored + status.Duplicates + status.DeadLettered);
        Assert.Equal(expected.Stored, status.MessagesStored);
        Assert.Equal(expected.Duplicates, status.Duplicates);
        Assert.Equal(expected.DeadLetters.Count, status.DeadLettered);
        Assert.Equal(expected.StoredReadingCount, status.ReadingsStored);
        var byReason = expected.DeadLetters.GroupBy(d => d.Reason).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(byReason.OrderBy(p => p.Key), status.DeadLettersByReason.OrderBy(p => p.Key));

        // The dead letters are exactly the refused messages: topic, reason and payload.
        var letters = await server.Http.DeadLettersAsync();
        Assert.Equal(
            expected.DeadLetters.Select(d => $"{d.Topic} {d.Reason} {d.PayloadHash}").Order(StringComparer.Ordinal),
            letters.Select(l => $"{l.Topic} {l.Reason} {Hash(l.Payload)}").Order(StringComparer.Ordinal));

        // The store holds exactly the readings of the first accepted message of each (device, seq),
        // besides the demo's own sensor history: its dryers', kettles' and rooms' sensors, in its season.
        foreach (var site in devices.Select(d => d.Site).Distinct())
        {
            var stored = (await server.Http.AllSiteReadingsAsync(site, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), generatedAt.AddDays(1)))
                .Where(r => !DemoHistory(r)).ToList();
            var want = expected.Readings.Values.Where(r => r.Site == site).OrderBy(Key, StringComparer.Ordinal).ToList();
            Assert.Equal(want, stored.OrderBy(Key, StringComparer.Ordinal).ToList());
        }

        log.WriteLine($"stored {expected.Stored} messages ({expected.Readings.Count} readings), {expected.Duplicates} repeats, {expected.DeadLetters.Count} dead letters: "
            + string.Join(", ", byReason.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
    }

    /// <summary>Publishes each device's messages in order, the devices in parallel; the PUBACK reason of each message (null: none came).</summary>
    private async Task<MqttClientPublishReasonCode?[]> PublishAsync(int port, IReadOnlyList<FuzzedMessage> messages)
    {
        var answers = new MqttClientPublishReasonCode?[messages.Count];
        var failures = new ConcurrentQueue<string>();
        await Task.WhenAll(messages.GroupBy(m => m.Device.Device).Select(group => Task.Run(async () =>
        {
            var device = group.First().Device;
            var connection = await DeviceConnection.ConnectAsync(port, device);
            try
            {
                foreach (var message in group)
                {
                    try
                    {
                        answers[message.Index] = await connection.PublishAsync(message.Payload);
                    }
                    catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
                    {
                        // A message that brings the connection down is a defect; carry on to see the rest.
                        failures.Enqueue($"#{message.Index} {message.Kind}: {e.GetType().Name}: {e.Message}");
                        await connection.DisposeAsync();
                        connection = await DeviceConnection.ConnectAsync(port, device);
                    }
                }
            }
            finally
            {
                await connection.DisposeAsync();
            }
        })));
        foreach (var failure in failures.Take(20))
        {
            log.WriteLine(failure);
        }

        return answers;
    }

    /// <summary>What the server should do with each message, worked out with the contract's own validator: the first accepted message of a (device, seq) is stored, later ones are repeats.</summary>
    private static Expectation Expect(IReadOnlyList<FuzzedMessage> messages, DateTimeOffset receivedAt)
    {
        var codes = new MqttClientPublishReasonCode[messages.Count];
        var seen = new HashSet<(string, long)>();
        var readings = new Dictionary<string, StoredReading>(StringComparer.Ordinal);
        var deadLetters = new List<(string Topic, string Reason, string PayloadHash)>();
        int stored = 0, duplicates = 0;
        long storedReadings = 0;

        // Each device publishes in order; devices do not share identities, so per-device order is the write order that matters.
        foreach (var message in messages)
        {
            var device = message.Device;
            var result = ReadingsValidation.Check(device.Topic, message.Payload, receivedAt);
            if (!result.Accepted)
            {
                codes[message.Index] = MqttClientPublishReasonCode.PayloadFormatInvalid;
                deadLetters.Add((device.Topic, result.Reason!.Value.ToString(), Hash(message.Payload)));
                continue;
            }

            codes[message.Index] = MqttClientPublishReasonCode.Success;
            if (!seen.Add((device.Device, result.Batch!.Sequence)))
            {
                duplicates++;
                continue;
            }

            stored++;
            storedReadings += result.Batch.Readings.Count;
            foreach (var r in result.Batch.Readings)
            {
                var reading = new StoredReading(device.Facility, device.Site, device.Device, r.Sensor, r.Quantity, r.Unit, r.Value, DateTimeOffset.FromUnixTimeMilliseconds(r.At.ToUnixTimeMilliseconds()));

                // A repeated identity (site, device, sensor, quantity, time) keeps the latest write.
                readings[Key(reading)] = reading;
            }
        }

        return new Expectation(codes, stored, duplicates, storedReadings, deadLetters, readings);
    }

    /// <summary>Success and NoMatchingSubscribers both say "stored" (docs/mqtt.md); the embedded broker has no subscribers.</summary>
    private static MqttClientPublishReasonCode Answer(MqttClientPublishReasonCode code) =>
        code == MqttClientPublishReasonCode.NoMatchingSubscribers ? MqttClientPublishReasonCode.Success : code;

    /// <summary>The demo's own sensors (Demo/DemoReadings.cs), in its season: 2026-01-01 to 2026-11-01.</summary>
    private static readonly HashSet<string> DemoSensors =
        [DryingRun.AirTemperatureSensor, DryingRun.AirHumiditySensor, DryingRun.MoistureSensor, StorageRoom.TemperatureSensor, StorageRoom.HumiditySensor, "kettle-temp"];

    private static bool DemoHistory(StoredReading r) =>
        DemoSensors.Contains(r.Sensor) && r.At >= new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) && r.At < new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Key(StoredReading r) => $"{r.Site}|{r.Device}|{r.Sensor}|{r.Quantity}|{r.At.ToUnixTimeMilliseconds():D15}";

    private static string Hash(byte[] payload) => Convert.ToHexString(SHA256.HashData(payload));

    private sealed record Expectation(
        MqttClientPublishReasonCode[] Codes,
        int Stored,
        int Duplicates,
        long StoredReadingCount,
        List<(string Topic, string Reason, string PayloadHash)> DeadLetters,
        Dictionary<string, StoredReading> Readings);
}
