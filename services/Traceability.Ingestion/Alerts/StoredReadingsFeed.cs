using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Traceability.Conditions;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Carries durable readings from the pipeline to the <see cref="ExcursionWatch"/> through a bounded
/// queue of <see cref="AlertOptions.QueueCapacity"/> writes, never waiting: when the watch falls that
/// far behind, a write's readings are not watched (counted in
/// <c>traceability.ingestion.alerts.dropped_readings</c> and logged). Alerts are best effort; the
/// readings themselves are already stored. Thread-safe.
/// </summary>
public sealed partial class StoredReadingsFeed(AlertOptions options, IngestionMetrics metrics, ILogger<StoredReadingsFeed> logger) : IStoredReadingsObserver
{
    private readonly Channel<IReadOnlyList<StoredReading>> _queue = Channel.CreateBounded<IReadOnlyList<StoredReading>>(
        new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Where the watch takes the readings from.</summary>
    public ChannelReader<IReadOnlyList<StoredReading>> Reader => _queue.Reader;

    public void Stored(IReadOnlyList<StoredReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0 || _queue.Writer.TryWrite(readings))
        {
            return;
        }

        metrics.AlertReadingsDropped(readings.Count);
        Log.Dropped(logger, readings.Count, options.QueueCapacity);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5331, Level = LogLevel.Warning, Message = "{Count} stored readings are not watched for excursions: {Capacity} writes are already waiting (the readings are stored)")]
        public static partial void Dropped(ILogger logger, int count, int capacity);
    }
}
