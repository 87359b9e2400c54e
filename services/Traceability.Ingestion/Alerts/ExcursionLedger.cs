using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Ingestion.Pipeline;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Puts closed excursions in the ledger, one <see cref="ISiteGrain.RecordExcursion"/> call each, in the
/// order they closed. A call that fails (the silo busy or restarting) is made again after 1 s, 2 s, 4 s …
/// up to 5 min, until it succeeds or the server stops; the excursion's id is derived from its series and
/// start, so a call made twice is answered as a repeat. A refusal (e.g. an unregistered site) is final:
/// logged and counted. With <paramref name="pending"/>, waiting excursions are kept durably until the
/// ledger answers, and those left by a stop or a crash are recorded after the restart; without it
/// (tests of the retry alone) they are in memory only. Thread-safe.
/// </summary>
public sealed partial class ExcursionLedger(
    Func<ExcursionRecorded, Task<CaptureResult>> record,
    IngestionMetrics metrics,
    TimeProvider time,
    ILogger<ExcursionLedger> logger,
    PendingExcursions? pending = null) : BackgroundService
{
    private const int Capacity = 10_000;

    private readonly Channel<ExcursionRecorded> _waiting = Channel.CreateBounded<ExcursionRecorded>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Records through the site grains of <paramref name="grains"/>.</summary>
    public static Func<ExcursionRecorded, Task<CaptureResult>> Through(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return excursion => grains.GetGrain<ISiteGrain>(excursion.SiteId).RecordExcursion(excursion);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _queued = new(StringComparer.Ordinal);

    /// <summary>
    /// Queues a closed excursion for the ledger, after keeping it durably when there is a pending
    /// store (false, logged and counted, when 10,000 are already waiting in memory: a kept one is
    /// then recorded after the next start).
    /// </summary>
    public bool Enqueue(ExcursionRecorded excursion)
    {
        ArgumentNullException.ThrowIfNull(excursion);
        pending?.Add(excursion);
        if (!_queued.TryAdd(excursion.ExcursionId, true))
        {
            return true;
        }

        if (_waiting.Writer.TryWrite(excursion))
        {
            return true;
        }

        _queued.TryRemove(excursion.ExcursionId, out _);
        metrics.Excursion("dropped");
        Log.Dropped(logger, excursion.ExcursionId, excursion.SiteId, Capacity);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Those a stop or a crash left waiting go first, in the order they closed.
        foreach (var left in pending?.All() ?? [])
        {
            if (_queued.TryAdd(left.ExcursionId, true) && !_waiting.Writer.TryWrite(left))
            {
                _queued.TryRemove(left.ExcursionId, out _);
            }
        }

        await foreach (var excursion in _waiting.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var wait = WebhookDispatcher.FirstRetry;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var result = await record(excursion).WaitAsync(stoppingToken).ConfigureAwait(false);
                    if (result.Violation is { } violation)
                    {
                        metrics.Excursion("refused");
                        Log.Refused(logger, excursion.ExcursionId, excursion.SiteId, violation.Field, violation.Message);
                    }
                    else
                    {
                        metrics.Excursion(result.Repeated ? "repeated" : "recorded");
                        Log.Recorded(logger, excursion.ExcursionId, excursion.SiteId, result.Repeated);
                    }

                    // The ledger has answered: the excursion waits no more.
                    pending?.Remove(excursion.ExcursionId);
                    _queued.TryRemove(excursion.ExcursionId, out _);
                    break;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    metrics.Excursion("retried");
                    Log.Failed(logger, e, excursion.ExcursionId, excursion.SiteId, attempt, wait.TotalSeconds);
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                    wait = wait * 2 < WebhookDispatcher.LongestRetry ? wait * 2 : WebhookDispatcher.LongestRetry;
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5321, Level = LogLevel.Information, Message = "Excursion {Id} of site {Site} is in the ledger (repeat: {Repeated})")]
        public static partial void Recorded(ILogger logger, string id, string site, bool repeated);

        [LoggerMessage(EventId = 5322, Level = LogLevel.Warning, Message = "The ledger refused excursion {Id} of site {Site}: {Field}: {Reason}")]
        public static partial void Refused(ILogger logger, string id, string site, string field, string reason);

        [LoggerMessage(EventId = 5323, Level = LogLevel.Warning, Message = "Recording excursion {Id} of site {Site} failed (attempt {Attempt}); again in {Seconds} s")]
        public static partial void Failed(ILogger logger, Exception exception, string id, string site, int attempt, double seconds);

        [LoggerMessage(EventId = 5324, Level = LogLevel.Error, Message = "Excursion {Id} of site {Site} is not recorded: {Capacity} excursions are already waiting for the ledger")]
        public static partial void Dropped(ILogger logger, string id, string site, int capacity);
    }
}
