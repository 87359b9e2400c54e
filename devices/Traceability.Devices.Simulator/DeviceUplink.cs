using Microsoft.Extensions.Logging;
using Traceability.Devices.Agent;
using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry;

namespace Traceability.Devices.Simulator;

/// <summary>
/// One simulated device's way to the broker, the agent's own: an outbox (the agent's
/// <see cref="DiskBuffer"/> in <c>{folder}/{device}</c>, or a <see cref="MemoryOutbox"/> when
/// measuring the platform without the gateway's disk) and a <see cref="Publisher"/> running on it.
/// </summary>
public sealed class DeviceUplink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private DeviceUplink(DeviceCredentials device, IOutbox outbox, Publisher publisher)
    {
        Device = device;
        Outbox = outbox;
        Publisher = publisher;
        _running = Task.Run(() => publisher.RunAsync(_stop.Token));
    }

    public DeviceCredentials Device { get; }

    public IOutbox Outbox { get; }

    public Publisher Publisher { get; }

    /// <summary>The publisher's run: faulted with <see cref="PublishRefusedException"/> when the broker refused the device.</summary>
    public Task Running => _running;

    /// <summary>Opens the device's outbox and starts publishing it.</summary>
    public static DeviceUplink Start(DeviceCredentials device, BrokerAddress broker, string? folder, bool stopOnRefusal, int maxInFlight = 16, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(broker);
        IOutbox outbox = folder is null
            ? new MemoryOutbox(device.Device, new BufferLimits { MaxBytes = long.MaxValue })
            : DiskBuffer.Open(Path.Combine(folder, device.Device), device.Device, new BufferLimits { MaxBytes = long.MaxValue }, logger: loggers?.CreateLogger<DiskBuffer>());
        var publisher = new Publisher(
            new PublisherOptions
            {
                Host = broker.Host,
                Port = broker.Port,
                Facility = device.Facility,
                Site = device.Site,
                Device = device.Device,
                Username = device.Username,
                Password = device.Password,
                MaxInFlight = maxInFlight,
                StopOnRefusal = stopOnRefusal,
                MinBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(5),
            },
            outbox,
            logger: loggers?.CreateLogger<Publisher>());
        return new DeviceUplink(device, outbox, publisher);
    }

    /// <summary>Waits until the outbox is empty, or the publisher stopped (refused).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var empty = Outbox.Changed.WaitUntilAsync(() => Outbox.Count == 0, cancellationToken);
        await Task.WhenAny(empty, _running).ConfigureAwait(false);
        if (_running.IsCompleted)
        {
            await _running.ConfigureAwait(false);
        }

        await empty.ConfigureAwait(false);
    }

    /// <summary>Stops publishing (offline status, clean disconnect) and closes the outbox.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (PublishRefusedException)
        {
            // Reported by whoever watched Running.
        }

        Outbox.Dispose();
        _stop.Dispose();
    }
}
