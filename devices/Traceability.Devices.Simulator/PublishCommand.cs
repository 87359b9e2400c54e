using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Traceability.Devices.Agent;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry.Simulation;

namespace Traceability.Devices.Simulator;

/// <summary>
/// <c>publish --broker host:port --devices demo-devices.json --readings N [--batch 50]</c>: publishes
/// N readings spread over the devices of the file through the agent's own path (a disk outbox and
/// a publisher per device, each with its own login and topic), and exits 0 once the broker has
/// acknowledged them all. The command line is a public contract: its option names stay.
/// </summary>
public sealed class PublishCommand
{
    private readonly Option<BrokerAddress> _broker = AgentOptionSyntax.Broker();
    private readonly Option<string> _devices = SimulatorOptions.Devices();
    private readonly Option<int> _readings = SimulatorOptions.Positive("--readings", "How many readings to publish in all, shared among the devices", 1000);
    private readonly Option<int> _batch = SimulatorOptions.Batch();
    private readonly Option<string> _dataDir = SimulatorOptions.DataDir("Folder of the devices' outboxes (one subfolder per device); a temporary folder, deleted afterwards, when not given");
    private readonly Option<TimeSpan> _timeout = AgentOptionSyntax.Duration("--timeout", "Give up (exit 1) if the broker has not acknowledged everything by then", TimeSpan.FromMinutes(5));

    public PublishCommand(TextWriter output, TextWriter error)
    {
        Command = new Command("publish", "Publish N simulated readings (drying and storage sites) for the devices of a file, through the agent's disk outbox and publisher")
        {
            _broker, _devices, _readings, _batch, _dataDir, _timeout,
        };
        Command.SetAction((parse, cancellation) => RunAsync(
            parse.GetRequiredValue(_broker), parse.GetRequiredValue(_devices), parse.GetValue(_readings), parse.GetValue(_batch),
            parse.GetValue(_dataDir), parse.GetValue(_timeout), output, error, cancellation));
    }

    public Command Command { get; }

    private static async Task<int> RunAsync(BrokerAddress broker, string devicesFile, int total, int batch, string? dataDir, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var devices = SimulatorOptions.ReadDevices(devicesFile, error);
        if (devices is null)
        {
            return ExitCodes.Usage;
        }

        var folder = dataDir ?? Directory.CreateTempSubdirectory("traceability-publish-").FullName;
        var uplinks = new List<DeviceUplink>(devices.Count);
        var clock = Stopwatch.StartNew();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(timeout);
            foreach (var device in devices)
            {
                uplinks.Add(DeviceUplink.Start(device, broker, folder, stopOnRefusal: true));
            }

            // A second before now: the platform refuses readings from the future.
            var now = TimeProvider.System.GetUtcNow();
            var end = now - TimeSpan.FromSeconds(1);
            for (var i = 0; i < uplinks.Count; i++)
            {
                var profile = i % 2 == 0 ? SiteProfile.Drying : SiteProfile.Storage;
                var model = SiteModels.Create(profile, devices[i].Device, now);
                var readings = SimulatedReadings.Generate(model, SimulatedReadings.Share(total, devices.Count, i), end, TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));
                foreach (var message in Agent.Agent.Batches(readings, batch))
                {
                    uplinks[i].Outbox.Append(message);
                }
            }

            // The first refusal ends the command at once; the other devices need not finish first.
            var draining = uplinks.Select(u => u.DrainAsync(deadline.Token)).ToList();
            while (draining.Count > 0)
            {
                var drained = await Task.WhenAny(draining).ConfigureAwait(false);
                draining.Remove(drained);
                await drained.ConfigureAwait(false);
            }

            var acknowledged = uplinks.Sum(u => u.Publisher.AcknowledgedReadings);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published {acknowledged} readings from {devices.Count} device(s) to {broker}: all acknowledged in {clock.Elapsed.TotalSeconds:0.0} s"));
            return acknowledged == total ? ExitCodes.Ok : ExitCodes.Incomplete;
        }
        catch (PublishRefusedException e)
        {
            await error.WriteLineAsync($"refused: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            var acknowledged = uplinks.Sum(u => u.Publisher.AcknowledgedReadings);
            var connected = uplinks.Count(u => u.Publisher.Connections > 0);
            await error.WriteLineAsync($"incomplete: {acknowledged} of {total} readings acknowledged by {broker} within {timeout.TotalSeconds:0} s ({connected} of {uplinks.Count} device(s) ever connected)").ConfigureAwait(false);
            return ExitCodes.Incomplete;
        }
        finally
        {
            foreach (var uplink in uplinks)
            {
                await uplink.DisposeAsync().ConfigureAwait(false);
            }

            if (dataDir is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
