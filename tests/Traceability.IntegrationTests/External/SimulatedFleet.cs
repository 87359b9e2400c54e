using Traceability.Devices.Agent;
using Traceability.Telemetry.Simulation;
using Traceability.Devices.Simulator;
using Traceability.Telemetry;

namespace Traceability.IntegrationTests.External;

/// <summary>
/// The simulator's <c>publish</c> path, driven from a test so that it knows what it sent: one
/// <see cref="DeviceUplink"/> per device (the agent's disk outbox and publisher, the device's own login and
/// topic), fed with <see cref="SimulatedReadings"/> of a drying or storage site as <c>publish</c> does. The
/// messages are appended to the outboxes in the background while the publishers already send, as a
/// stream would arrive.
/// </summary>
internal sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly List<DeviceUplink> _uplinks;
    private readonly Task _appending;

    private SimulatedFleet(List<DeviceUplink> uplinks, List<(DeviceUplink Uplink, IReadOnlyList<SensorReading> Message)> messages, List<SentReading> sent)
    {
        _uplinks = uplinks;
        Messages = messages.Count;
        Sent = sent;
        _appending = Task.Run(() =>
        {
            foreach (var (uplink, message) in messages)
            {
                uplink.Outbox.Append(message);
            }
        });
    }

    /// <summary>Every reading handed to the outboxes.</summary>
    public IReadOnlyList<SentReading> Sent { get; }

    /// <summary>How many messages the readings make.</summary>
    public int Messages { get; }

    /// <summary>Readings the broker has acknowledged to the publishers so far.</summary>
    public long AcknowledgedReadings => _uplinks.Sum(u => u.Publisher.AcknowledgedReadings);

    /// <summary>
    /// Starts publishing <paramref name="total"/> readings shared among <paramref name="devices"/>, at most
    /// <paramref name="batch"/> in a message, to the broker at <paramref name="host"/>:<paramref name="port"/>;
    /// the outboxes live under <paramref name="folder"/>.
    /// </summary>
    public static SimulatedFleet Publish(IReadOnlyList<DeviceCredentials> devices, string host, int port, string folder, int total, int batch)
    {
        var broker = new BrokerAddress(host, port);
        var uplinks = devices.Select(d => DeviceUplink.Start(d, broker, folder, stopOnRefusal: true)).ToList();
        // As `publish` does: the newest reading a second before now (the platform refuses readings from the future).
        var now = DateTimeOffset.UtcNow;
        var perDevice = new List<IReadOnlyList<SensorReading>[]>(devices.Count);
        var sent = new List<SentReading>(total);
        for (var i = 0; i < devices.Count; i++)
        {
            var model = SiteModels.Create(i % 2 == 0 ? SiteProfile.Drying : SiteProfile.Storage, devices[i].Device, now);
            var readings = SimulatedReadings.Generate(model, SimulatedReadings.Share(total, devices.Count, i), now - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));
            perDevice.Add([.. Agent.Batches(readings, batch)]);
            sent.AddRange(readings.Select(r => new SentReading(devices[i].Site, devices[i].Device, r)));
        }

        // Round robin over the devices, as gateways sampling side by side fill their outboxes.
        var messages = new List<(DeviceUplink, IReadOnlyList<SensorReading>)>();
        for (var round = 0; round < perDevice.Max(m => m.Length); round++)
        {
            for (var i = 0; i < devices.Count; i++)
            {
                if (round < perDevice[i].Length)
                {
                    messages.Add((uplinks[i], perDevice[i][round]));
                }
            }
        }

        return new SimulatedFleet(uplinks, messages, sent);
    }

    /// <summary>Waits until the broker has answered some message of every device with NoMatchingSubscribers (nobody took it).</summary>
    public async Task WaitUntilUndeliveredAsync(TimeSpan timeout)
    {
        foreach (var uplink in _uplinks)
        {
            var publisher = uplink.Publisher;
            await publisher.Progress.WaitUntilAsync(() => publisher.Undelivered > 0, CancellationToken.None).WaitAsync(timeout);
        }
    }

    /// <summary>Waits until every message is in an outbox and the broker has acknowledged them all; fails if a device was refused.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _appending.WaitAsync(deadline.Token);
        try
        {
            await Task.WhenAll(_uplinks.Select(u => u.DrainAsync(deadline.Token)));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker acknowledged {AcknowledgedReadings} of {Sent.Count} readings within {timeout.TotalSeconds:0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _appending;
        }
        finally
        {
            foreach (var uplink in _uplinks)
            {
                await uplink.DisposeAsync();
            }
        }
    }
}
