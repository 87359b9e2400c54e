using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Devices.Agent.Buffering;
using Traceability.Devices.Agent.Publishing;
using Traceability.Telemetry;

namespace Traceability.Devices.Agent;

/// <summary>
/// The site gateway agent of one device: every <see cref="AgentOptions.Interval"/> it reads the
/// driver, groups the readings into messages of at most <see cref="AgentOptions.BatchSize"/>
/// and appends them to the outbox (on disk, before anything is sent), while its
/// <see cref="Publisher"/> sends the outbox to the broker. Sampling never waits for the network.
/// </summary>
/// <remarks>The sampling loop runs on the given <see cref="TimeProvider"/>, so tests run hours of sampling by advancing a fake clock.</remarks>
public sealed class Agent(AgentOptions options, ISensorDriver driver, IOutbox outbox, Publisher publisher, TimeProvider? time = null, ILogger? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long _samples;

    public AgentOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public IOutbox Outbox { get; } = outbox ?? throw new ArgumentNullException(nameof(outbox));

    public Publisher Publisher { get; } = publisher ?? throw new ArgumentNullException(nameof(publisher));

    /// <summary>Sampling rounds done (whether or not the driver returned readings).</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Pulsed after every sampling round.</summary>
    public AsyncPulse Sampled { get; } = new();

    /// <summary>Samples and publishes until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var publishing = Publisher.RunAsync(stop.Token);
        var sampling = SampleEveryIntervalAsync(stop.Token);
        // If either ends (a refusal the publisher was told to stop on), stop the other.
        await Task.WhenAny(publishing, sampling).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(publishing, sampling).ConfigureAwait(false);
    }

    /// <summary>Reads the driver once and appends its readings; the number of readings buffered.</summary>
    public async Task<int> SampleOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var readings = await driver.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var batch in Batches(readings, Options.BatchSize))
            {
                Outbox.Append(batch);
            }

            return readings.Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A sensor bus fault must not stop the agent: it tries again at the next interval.
        catch (Exception e)
#pragma warning restore CA1031
        {
            AgentLog.SensorReadFailed(_logger, Outbox.Device, e.GetType().Name, e.Message);
            return 0;
        }
        finally
        {
            Interlocked.Increment(ref _samples);
            Sampled.Pulse();
        }
    }

    /// <summary>Splits <paramref name="readings"/> into messages of at most <paramref name="size"/> readings, in order (pure).</summary>
    public static IEnumerable<IReadOnlyList<SensorReading>> Batches(IReadOnlyList<SensorReading> readings, int size)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        for (var start = 0; start < readings.Count; start += size)
        {
            var count = Math.Min(size, readings.Count - start);
            var batch = new SensorReading[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = readings[start + i];
            }

            yield return batch;
        }
    }

    private async Task SampleEveryIntervalAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Options.Interval, _time);
            await SampleOnceAsync(cancellationToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await SampleOnceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
