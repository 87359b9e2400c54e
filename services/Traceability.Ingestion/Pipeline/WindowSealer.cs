using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Traceability.Conditions;
using Traceability.Grains;

namespace Traceability.Ingestion.Pipeline;

/// <summary>
/// Puts closed readings windows in the ledger: every second it closes the windows that are due
/// (open for <see cref="IngestionOptions.WindowSeconds"/> or holding
/// <see cref="IngestionOptions.MaxWindowReadings"/> readings), reads each device's raw readings
/// back from the time-series store over the window's span, and makes one grain call per site
/// (<see cref="ISiteGrain.RecordReadings"/>) with the event summarising them. A window is
/// released from the journal only once the event is recorded (or answered as a repeat), so a
/// crash at any point seals it again after the restart, to the same event.
/// </summary>
public sealed partial class WindowSealer(
    IngestionJournal journal,
    ITimeSeriesStore store,
    IGrainFactory grains,
    IngestionOptions options,
    IngestionMetrics metrics,
    TimeProvider time,
    ILogger<WindowSealer> logger) : BackgroundService
{
    /// <summary>Closes the due windows and seals every closed one; returns how many windows were released.</summary>
    public async Task<int> SealAsync(bool all = false, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var closed = journal.CloseDue(all ? now : now - TimeSpan.FromSeconds(options.WindowSeconds), options.MaxWindowReadings);
        var released = 0;
        foreach (var site in closed.GroupBy(w => (w.Facility, w.Site)))
        {
            // At most one window per device in one event: a device's older closed windows go first.
            var pending = site.ToList();
            while (pending.Count > 0)
            {
                var round = pending.GroupBy(w => w.Device).Select(g => g.MinBy(w => w.Id)!).ToList();
                pending.RemoveAll(round.Contains);
                released += await SealSiteAsync(round, cancellationToken).ConfigureAwait(false);
            }
        }

        return released;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SealAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SealFailed(logger, e);
            }
        }
    }

    private async Task<int> SealSiteAsync(List<ReadingsWindow> windows, CancellationToken cancellationToken)
    {
        var readings = new Dictionary<long, IReadOnlyList<StoredReading>>();
        foreach (var window in windows)
        {
            // The span is inclusive of the last reading: read to one millisecond past it.
            readings[window.Id] = await store.ReadAsync(window.Site, window.From, window.To.AddMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }

        var recorded = WindowSummary.Build(windows, w => readings[w.Id]);
        var site = windows[0].Site;
        if (recorded is null)
        {
            Log.Empty(logger, site, windows.Count);
            metrics.Window("empty");
        }
        else
        {
            var result = await grains.GetGrain<ISiteGrain>(site).RecordReadings(recorded).ConfigureAwait(false);
            if (result.Violation is { } violation)
            {
                // The readings stay in the time-series store; only their ledger summary is refused (e.g. an unregistered site).
                Log.Refused(logger, site, recorded.WindowId, violation.Field, violation.Message);
                metrics.Window("refused");
            }
            else
            {
                metrics.Window(result.Repeated ? "repeated" : "recorded");
            }
        }

        journal.Release(windows.Select(w => w.Id));
        return windows.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Sealing readings windows failed; retrying")]
        public static partial void SealFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "The ledger refused readings window {WindowId} of site {Site}: {Field}: {Reason}")]
        public static partial void Refused(ILogger logger, string site, string windowId, string field, string reason);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "{Count} closed windows of site {Site} have no readings in the store")]
        public static partial void Empty(ILogger logger, string site, int count);
    }
}
