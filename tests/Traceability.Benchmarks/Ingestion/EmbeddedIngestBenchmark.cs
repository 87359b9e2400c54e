using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;
using Traceability.Benchmarks.Load;
using Traceability.Conditions;
using Traceability.Ingestion;
using Traceability.Ingestion.Broker;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.Pipeline;
using Traceability.Telemetry;

namespace Traceability.Benchmarks.Ingestion;

/// <summary>
/// The same comparison on the embedded broker (MQTTnet in the server's process, the default
/// mode), same run, same payloads: devices with registry logins publish to the broker; first the
/// broker takes each message at once and delivers it to the platform's service account, which
/// only counts (the bare broker); then the broker hands each message to the ingestion pipeline and
/// sends the device's PUBACK only once it is stored durably (SQLite). MQTTnet handles one
/// client's packets one after the other, so a device waits for each durable write before its next
/// message reaches the pipeline: the devices' parallelism carries the throughput.
/// </summary>
public static class EmbeddedIngestBenchmark
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = IngestBenchmark.Option(args, "--seconds", 20);
        var devices = IngestBenchmark.Option(args, "--devices", 20);
        var batch = IngestBenchmark.Option(args, "--batch", 50);
        var window = IngestBenchmark.Option(args, "--window", 16);
        var warmup = IngestBenchmark.Option(args, "--warmup-seconds", 3);
        var paced = IngestBenchmark.Option(args, "--paced-rate", (int)IngestBenchmark.TargetReadingsPerSecond);
        Console.WriteLine($"ingest --broker embedded: {devices} devices, {batch} readings per message, {window} messages in flight per device, {warmup} s warm-up then {seconds} s measured, MQTTnet broker in this process on 127.0.0.1, {Environment.ProcessorCount} cores");

        var bare = await MeasureAsync(devices, batch, window, warmup, seconds, ingest: false, rate: 0);
        var ingested = await MeasureAsync(devices, batch, window, warmup, seconds, ingest: true, rate: 0);
        var steady = await MeasureAsync(devices, batch, window, warmup, seconds, ingest: true, rate: paced);

        var ratio = ingested.ReadingsPerSecond / bare.ReadingsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| path (embedded broker) | readings/s | messages/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(Invariant, $"| bare broker → subscriber that counts | {bare.ReadingsPerSecond:N0} | {bare.ReadingsPerSecond / batch:N0} | {bare.P50:0.0} | {bare.P99:0.0} |"));
        Console.WriteLine(string.Create(Invariant, $"| ingested (PUBACK after durable write) | {ingested.ReadingsPerSecond:N0} | {ingested.ReadingsPerSecond / batch:N0} | {ingested.P50:0.0} | {ingested.P99:0.0} |"));
        Console.WriteLine(string.Create(Invariant, $"| ingested, publishers paced at {paced:N0} readings/s | {steady.ReadingsPerSecond:N0} | {steady.ReadingsPerSecond / batch:N0} | {steady.P50:0.0} | {steady.P99:0.0} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant, $"ingest-embedded-summary bare_rps={bare.ReadingsPerSecond:0} ingested_rps={ingested.ReadingsPerSecond:0} ratio={ratio:0.000} paced_rps={steady.ReadingsPerSecond:0} paced_p50_ms={steady.P50:0.0} paced_p99_ms={steady.P99:0.0}"));
        return 0;
    }

    private sealed record Result(double ReadingsPerSecond, double P50, double P99);

    private static async Task<Result> MeasureAsync(int devices, int batch, int window, int warmup, int seconds, bool ingest, int rate)
    {
        var run = (ingest ? "embedded-ingested" : "embedded-bare") + (rate > 0 ? "-paced" : string.Empty);
        var folder = Directory.CreateTempSubdirectory("ingest-bench-embedded-").FullName;
        var published = new ConcurrentDictionary<(string Device, long Seq), long>();
        var latencies = new ConcurrentBag<double>();
        var measuring = new Measuring();
        long counted = 0;
        using var registry = new DeviceRegistry(folder);
        var logins = Enumerable.Range(0, devices).Select(d => registry.Register(IngestBenchmark.Facility, IngestBenchmark.Site, $"{run}-dev{d:000}")).ToList();
        using var deadLetters = new SqliteDeadLetterStore(Path.Combine(folder, "dead-letters.db"));
        using var store = new SqliteTimeSeriesStore(Path.Combine(folder, "readings.db"));
        using var journal = IngestionJournal.Beside(store, folder);
        using var metrics = new IngestionMetrics();
        var pipeline = new IngestionPipeline(store, journal, deadLetters, new IngestionOptions(), TimeProvider.System, metrics);
        IReadingsSink sink = ingest ? new IngestBenchmark.TimedSink(pipeline, published, latencies, () => measuring.IsOpen) : new TakeAtOnce();
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0, ForwardReadings = !ingest }, registry, sink, deadLetters, TimeProvider.System);
        await broker.StartAsync();

        IMqttClient? subscriber = null;
        if (!ingest)
        {
            var service = registry.EnsureServiceAccount();
            subscriber = new MqttClientFactory().CreateMqttClient();
            subscriber.ApplicationMessageReceivedAsync += e =>
            {
                Interlocked.Add(ref counted, batch);
                if (measuring.IsOpen && IngestBenchmark.Sequence(e.ApplicationMessage.Payload, out var device, out var seq) && published.TryRemove((device, seq), out var sent))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }

                return Task.CompletedTask;
            };
            await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("bench-counter")
                .WithCredentials(service.Username, service.Password).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithCleanStart(true).Build());
            await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(TelemetryTopics.ReadingsFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build());
        }

        Func<long> done = ingest ? () => metrics.StoredReadings : () => Interlocked.Read(ref counted);
        using var stop = new CancellationTokenSource();
        var interval = rate == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)batch * devices / rate);
        var publishers = logins
            .Select(l => IngestBenchmark.PublishAsync(new IngestBenchmark.Endpoint("127.0.0.1", broker.Port, l.Device, l.Username, l.Password), batch, window, interval, published, stop.Token))
            .ToList();

        var (elapsed, total) = await Measuring.RateAsync(run, done, warmup, seconds, measuring);
        Console.WriteLine();
        await stop.CancelAsync();
        await Task.WhenAll(publishers);
        if (subscriber is not null)
        {
            await subscriber.DisconnectAsync();
            subscriber.Dispose();
        }

        await broker.StopAsync();
        await pipeline.DisposeAsync();
        var summary = Latencies.Of(latencies);
        return new Result(total / elapsed, summary.P50, summary.P99);
    }

    /// <summary>The bare broker: takes every message at once, stores nothing.</summary>
    private sealed class TakeAtOnce : IReadingsSink
    {
        public ValueTask<IngestOutcome> IngestAsync(string topic, ReadOnlyMemory<byte> payload, string? clientId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(IngestOutcome.Stored);
    }
}
