using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Traceability.Devices.Agent;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry.Simulation;
using Traceability.Telemetry;

namespace Traceability.Devices.Simulator;

/// <summary>
/// <c>load --broker host:port --devices file [--seconds 30] [--rate N|0] [--batch 50] [--server url]
/// [--no-buffer]</c>: every device of the file publishes at once for a while; reports the readings
/// per second the broker acknowledged and, with <c>--server</c>, the publish-to-queryable latency
/// (p50, p99) of marker readings found through the platform's query API; ends with one summary line
/// (<see cref="LoadReport.SummaryLine"/>). By default each device goes through the agent's disk
/// outbox, as in the field; <c>--no-buffer</c> keeps the outbox in memory so the run measures the
/// platform rather than the gateway's disk.
/// </summary>
public sealed class LoadCommand
{
    private readonly Option<BrokerAddress> _broker = AgentOptionSyntax.Broker();
    private readonly Option<string> _devices = SimulatorOptions.Devices();
    private readonly Option<int> _seconds = SimulatorOptions.Positive("--seconds", "How long to publish", 30);
    private readonly Option<double> _rate = new("--rate") { Description = "Readings per second in all, or 0 for as fast as the broker acknowledges", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _batch = SimulatorOptions.Batch();
    private readonly Option<int> _maxInFlight = SimulatorOptions.Positive("--max-in-flight", "Messages awaiting their PUBACK per device, at most", 16, max: 65535);
    private readonly Option<Uri> _server = new("--server") { Description = "The platform's HTTP API (e.g. http://127.0.0.1:8080), to measure publish-to-queryable latency", HelpName = "url" };
    private readonly Option<bool> _noBuffer = new("--no-buffer") { Description = "Keep each device's outbox in memory instead of the agent's SQLite file: measures the platform, not the gateway's disk" };
    private readonly Option<string> _dataDir = SimulatorOptions.DataDir("Folder of the devices' disk outboxes; a temporary folder, deleted afterwards, when not given");
    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public LoadCommand(TextWriter output, TextWriter error, IAnsiConsole console)
    {
        _output = output;
        _error = error;
        _console = console;
        _rate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
            {
                result.AddError("--rate: readings per second, 0 or more");
            }
        });
        Command = new Command("load", "Publish from every device of a file at once and report acknowledged readings/s and end-to-end latency")
        {
            _broker, _devices, _seconds, _rate, _batch, _maxInFlight, _server, _noBuffer, _dataDir,
        };
        Command.SetAction((parse, cancellation) => RunAsync(parse, cancellation));
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var devices = SimulatorOptions.ReadDevices(parse.GetRequiredValue(_devices), _error);
        if (devices is null)
        {
            return ExitCodes.Usage;
        }

        var broker = parse.GetRequiredValue(_broker);
        var seconds = parse.GetValue(_seconds);
        var rate = parse.GetValue(_rate);
        var batch = parse.GetValue(_batch);
        var maxInFlight = parse.GetValue(_maxInFlight);
        var noBuffer = parse.GetValue(_noBuffer);
        var dataDir = parse.GetValue(_dataDir);
        var folder = noBuffer ? null : dataDir ?? Directory.CreateTempSubdirectory("traceability-load-").FullName;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var probe = parse.GetValue(_server) is { } server ? new LatencyProbe(http, server) : null;

        var uplinks = devices.Select(d => DeviceUplink.Start(d, broker, folder, stopOnRefusal: true, maxInFlight)).ToList();
        try
        {
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var now = TimeProvider.System.GetUtcNow();
            var clock = Stopwatch.StartNew();
            var producers = uplinks.Select((uplink, i) => Task.Run(() => ProduceAsync(
                uplink,
                SiteModels.Create(i % 2 == 0 ? SiteProfile.Drying : SiteProfile.Storage, uplink.Device.Device, now),
                rate / uplinks.Count,
                batch,
                backlog: 4 * maxInFlight,
                probe,
                run.Token))).ToList();
            var refused = Task.WhenAny(uplinks.Select(u => u.Running));

            long acknowledged = 0;
            await _console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("starting", maxValue: seconds);
                    while (clock.Elapsed.TotalSeconds < seconds && !refused.IsCompleted && !cancellation.IsCancellationRequested)
                    {
                        await Task.WhenAny(Task.Delay(250, CancellationToken.None), refused).ConfigureAwait(false);
                        acknowledged = uplinks.Sum(u => u.Publisher.AcknowledgedReadings);
                        task.Value = Math.Min(seconds, clock.Elapsed.TotalSeconds);
                        task.Description = $"{acknowledged:N0} readings acknowledged, {acknowledged / clock.Elapsed.TotalSeconds:N0}/s, {uplinks.Count(u => u.Publisher.IsConnected)}/{uplinks.Count} connected";
                    }
                }).ConfigureAwait(false);
            acknowledged = uplinks.Sum(u => u.Publisher.AcknowledgedReadings);
            var elapsed = clock.Elapsed.TotalSeconds;
            await run.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(producers).ConfigureAwait(false);
            if (refused.IsCompleted && refused.Result.IsFaulted && refused.Result.Exception?.InnerException is PublishRefusedException e)
            {
                await _error.WriteLineAsync($"refused: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            if (probe is not null)
            {
                await probe.SettleAsync().ConfigureAwait(false);
            }

            var report = new LoadReport(acknowledged, elapsed, uplinks.Count, batch, !noBuffer, probe?.LatenciesMs ?? [], probe?.Lost ?? 0);
            await _output.WriteLineAsync(report.SummaryLine()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var uplink in uplinks)
            {
                await uplink.DisposeAsync().ConfigureAwait(false);
            }

            if (folder is not null && dataDir is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Appends messages of <paramref name="batch"/> readings: at the device's share of the rate, or (rate 0) whenever the outbox holds fewer than <paramref name="backlog"/>.</summary>
    private static async Task ProduceAsync(DeviceUplink uplink, IConditionModel model, double rate, int batch, int backlog, LatencyProbe? probe, CancellationToken cancellation)
    {
        var outbox = uplink.Outbox;
        var clock = Stopwatch.StartNew();
        var produced = 0L;
        var last = DateTimeOffset.MinValue;
        var readings = new List<SensorReading>(batch);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (rate > 0)
                {
                    var due = rate * clock.Elapsed.TotalSeconds;
                    if (produced + batch > due)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, (produced + batch - due) / rate)), cancellation).ConfigureAwait(false);
                        continue;
                    }
                }
                else
                {
                    await outbox.Changed.WaitUntilAsync(() => outbox.Count < backlog, cancellation).ConfigureAwait(false);
                }

                // Each sample a millisecond after the last at least: a sensor's readings need distinct times.
                readings.Clear();
                while (readings.Count < batch)
                {
                    var now = TimeProvider.System.GetUtcNow();
                    last = now > last + TimeSpan.FromMilliseconds(1) ? now : last + TimeSpan.FromMilliseconds(1);
                    foreach (var reading in SimulatedSensorDriver.Read(model, last))
                    {
                        if (readings.Count < batch)
                        {
                            readings.Add(reading);
                        }
                    }
                }

                var message = readings.ToArray();
                var appendedAt = Stopwatch.GetTimestamp();
                uplink.Outbox.Append(message);
                if (probe is not null && probe.ShouldMark())
                {
                    probe.Track(uplink.Device, message[0], appendedAt);
                }

                produced += message.Length;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The run is over.
        }
    }
}
