using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Conditions;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// Parse → validate → de-duplicate → write → acknowledge. A message is validated on the caller's
/// thread (a rejected one is dead-lettered, durably, with its reason); an accepted one waits in
/// a bounded queue for the next flush, which takes every waiting message (up to
/// <see cref="IngestionOptions.MaxFlushMessages"/>), drops those already stored (by device and
/// sequence, in the flush and in the journal), writes the readings of the rest to the
/// time-series store in one durable write, records them in the journal — in the same SQLite
/// transaction when the journal lives in the <see cref="SqliteTimeSeriesStore"/>'s file (one
/// fsynced commit per flush), after the store's write otherwise — and only then completes
/// every caller — the broker's acknowledgement follows. A failing store is retried with back-off
/// and never completes a caller early; disposing fails the waiting callers, whose messages the
/// broker then redelivers. Once a write is durable and its callers answered, its readings are
/// handed to the <see cref="IStoredReadingsObserver"/>, if any (which never waits).
/// </summary>
public sealed partial class IngestionPipeline : IReadingsSink, IAsyncDisposable
{
    private readonly ITimeSeriesStore _store;
    private readonly IngestionJournal _journal;
    private readonly IDeadLetterStore _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ValidationLimits _limits;
    private readonly int _maxFlush;
    private readonly Channel<Accepted> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _flushing;
    private readonly IStoredReadingsObserver? _observer;
    private readonly SqliteTimeSeriesStore? _sharedFile;

    public IngestionPipeline(
        ITimeSeriesStore store,
        IngestionJournal journal,
        IDeadLetterStore deadLetters,
        IngestionOptions options,
        TimeProvider time,
        IngestionMetrics metrics,
        ILogger<IngestionPipeline>? logger = null,
        IStoredReadingsObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? NullLogger<IngestionPipeline>.Instance;
        _observer = observer;
        _sharedFile = store is SqliteTimeSeriesStore sqlite && string.Equals(sqlite.Path, journal.FilePath, StringComparison.Ordinal) ? sqlite : null;
        _limits = ValidationLimits.Default with { MaxClockAhead = TimeSpan.FromMinutes(options.MaxClockAheadMinutes) };
        _maxFlush = options.MaxFlushMessages;
        _queue = Channel.CreateBounded<Accepted>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _flushing = Task.Run(FlushLoopAsync);
    }

    /// <summary>What the pipeline has done since it started.</summary>
    public IngestionMetrics Metrics { get; }

    public async ValueTask<IngestOutcome> IngestAsync(string topic, ReadOnlyMemory<byte> payload, string? clientId, CancellationToken cancellationToken = default)
    {
        var receivedAt = _time.GetUtcNow();
        var isReadings = TelemetryTopics.TryParse(topic, out var address) && address!.Channel == TopicChannel.Readings;
        var result = isReadings
            ? ReadingsPayloadReader.Check(address!, payload.Span, receivedAt, _limits)
            : ReadingsValidation.Check(topic, payload.Span, receivedAt, _limits);
        if (!result.Accepted)
        {
            await _deadLetters.AddAsync(new DeadLetter(receivedAt, topic, clientId, result.Reason!.Value, result.Detail!, payload.ToArray()), cancellationToken).ConfigureAwait(false);
            Metrics.DeadLetter(result.Reason.Value);
            Log.DeadLettered(_logger, topic, clientId, result.Reason.Value, result.Detail!);
            return IngestOutcome.DeadLettered;
        }

        if (!isReadings)
        {
            throw new UnreachableException($"'{topic}' passed validation but is not a device topic.");
        }

        // Completed by Answer, off the flush loop, all of a flush's callers in one work item.
        var accepted = new Accepted(address!, result.Batch!, new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.None));
        await _queue.Writer.WriteAsync(accepted, cancellationToken).ConfigureAwait(false);
        return await accepted.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _flushing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var left = new List<Accepted>();
        while (_queue.Reader.TryRead(out var item))
        {
            left.Add(item);
        }

        Fail(left);

        _stopping.Dispose();
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<Accepted>(_maxFlush);
        var stopping = _stopping.Token;
        while (await _queue.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxFlush && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await FlushAsync(batch, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                Fail([.. batch]);
                throw;
            }
        }
    }

    private async Task FlushAsync(List<Accepted> batch, CancellationToken stopping)
    {
        var started = Stopwatch.GetTimestamp();
        var fresh = new List<Accepted>(batch.Count);
        var duplicates = new List<Accepted>();
        var inFlush = new HashSet<(string Device, long Sequence)>();
        foreach (var item in batch)
        {
            var key = (item.Topic.Device, item.Batch.Sequence);
            if (!inFlush.Add(key) || _journal.IsStored(key.Device, key.Sequence))
            {
                duplicates.Add(item);
            }
            else
            {
                fresh.Add(item);
            }
        }

        for (var i = 0; i < duplicates.Count; i++)
        {
            Metrics.Duplicate();
        }

        if (fresh.Count > 0)
        {
            var readings = new List<StoredReading>(fresh.Sum(f => f.Batch.Readings.Count));
            var entries = new List<JournalEntry>(fresh.Count);
            foreach (var item in fresh)
            {
                var topic = item.Topic;
                var from = DateTimeOffset.MaxValue;
                var to = DateTimeOffset.MinValue;
                foreach (var r in item.Batch.Readings)
                {
                    var at = ReadingTime.Truncate(r.At);
                    readings.Add(new StoredReading(topic.Facility, topic.Site, topic.Device, r.Sensor, r.Quantity, r.Unit, r.Value, at));
                    from = at < from ? at : from;
                    to = at > to ? at : to;
                }

                entries.Add(new JournalEntry(topic.Facility, topic.Site, topic.Device, item.Batch.Sequence, from, to, item.Batch.Readings.Count));
            }

            await WriteDurablyAsync(readings, entries, stopping).ConfigureAwait(false);
            Metrics.MessagesStored(fresh.Count, readings.Count);
            Answer(fresh, duplicates);
            Observe(readings);
        }
        else
        {
            Answer(fresh, duplicates);
        }

        Metrics.Flushed(batch.Count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Answers a flush's callers (stored; duplicates: already stored), in order, on one thread-pool
    /// work item: their continuations (the broker's acknowledgements) run there one after another,
    /// neither on the flush loop nor as one work item and thread wake-up per message.
    /// </summary>
    private static void Answer(List<Accepted> fresh, List<Accepted> duplicates)
    {
        if (fresh.Count == 0 && duplicates.Count == 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                foreach (var item in state.Fresh)
                {
                    item.Done.TrySetResult(IngestOutcome.Stored);
                }

                foreach (var item in state.Duplicates)
                {
                    item.Done.TrySetResult(IngestOutcome.Stored);
                }
            },
            (Fresh: fresh, Duplicates: duplicates),
            preferLocal: false);
    }

    /// <summary>Fails callers whose messages were not stored (the broker redelivers them), off the caller's thread.</summary>
    private static void Fail(List<Accepted> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                foreach (var item in state)
                {
                    item.Done.TrySetException(new OperationCanceledException("The ingestion pipeline stopped before the message was stored; the broker redelivers it."));
                }
            },
            items,
            preferLocal: false);
    }

    /// <summary>Hands durable readings on; whatever the observer does, the flush loop goes on.</summary>
    private void Observe(List<StoredReading> readings)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            _observer.Stored(readings);
        }
        catch (Exception e)
        {
            Log.ObserverFailed(_logger, e, readings.Count);
        }
    }

    /// <summary>Writes until it succeeds: a caller is completed only once its readings are durable.</summary>
    private async Task WriteDurablyAsync(List<StoredReading> readings, List<JournalEntry> entries, CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var now = _time.GetUtcNow();
                if (_sharedFile is not null)
                {
                    // Readings and journal rows in one transaction: both durable, or neither.
                    await _sharedFile.WriteAsync(readings, transaction => _journal.Record(transaction, entries, now), stopping).ConfigureAwait(false);
                    _journal.Recorded(entries);
                }
                else
                {
                    await _store.WriteAsync(readings, stopping).ConfigureAwait(false);
                    _journal.Commit(entries, now);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                Log.WriteFailed(_logger, e, readings.Count, delay.TotalSeconds);
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private sealed record Accepted(TopicAddress Topic, ReadingBatch Batch, TaskCompletionSource<IngestOutcome> Done);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Dead-lettered a message on {Topic} from {ClientId}: {Reason}: {Detail}")]
        public static partial void DeadLettered(ILogger logger, string topic, string? clientId, RejectionReason reason, string detail);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Writing {Count} readings failed; retrying in {Seconds} s (nothing is acknowledged meanwhile)")]
        public static partial void WriteFailed(ILogger logger, Exception exception, int count, double seconds);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The observer of stored readings failed on {Count} readings (they are stored)")]
        public static partial void ObserverFailed(ILogger logger, Exception exception, int count);
    }
}
