using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Traceability.Conditions;
using Traceability.Ingestion.Pipeline;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Watches durable readings for excursions while ingestion runs: takes each write's readings from the
/// <see cref="StoredReadingsFeed"/>, in device-time order, judges each against its site's condition
/// profile (<see cref="IAlertProfiles"/>, cached for <see cref="AlertOptions.ProfileCacheSeconds"/>)
/// with the <see cref="ExcursionMonitor"/>, and for every excursion that opens or closes publishes an
/// <see cref="ExcursionAlert"/> on <c>ocop/{facility}/{site}/alerts</c> (best effort), puts it in the
/// webhook outbox (durable, retried), and hands a closed one to the <see cref="ExcursionLedger"/>.
/// Excursions in progress are in memory: after a restart they are detected again from the next readings.
/// </summary>
public sealed partial class ExcursionWatch : BackgroundService
{
    private readonly StoredReadingsFeed _feed;
    private readonly CachedAlertProfiles _profiles;
    private readonly WebhookDispatcher _webhooks;
    private readonly ExcursionLedger _ledger;
    private readonly IngestionMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IMqttAlertPublisher? _mqtt;
    private readonly ExcursionMonitor _monitor;

    public ExcursionWatch(
        StoredReadingsFeed feed,
        IAlertProfiles profiles,
        AlertOptions options,
        WebhookDispatcher webhooks,
        ExcursionLedger ledger,
        IngestionMetrics metrics,
        TimeProvider time,
        ILogger<ExcursionWatch> logger,
        IMqttAlertPublisher? mqtt = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _feed = feed ?? throw new ArgumentNullException(nameof(feed));
        _webhooks = webhooks ?? throw new ArgumentNullException(nameof(webhooks));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _mqtt = mqtt;
        _profiles = new CachedAlertProfiles(profiles ?? throw new ArgumentNullException(nameof(profiles)), TimeSpan.FromSeconds(options.ProfileCacheSeconds), time, logger);
        _monitor = new ExcursionMonitor(options);
    }

    /// <summary>Judges one write's readings (in device-time order) and sends what opens or closes; the watch's loop calls it for each write.</summary>
    public async Task WatchAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var changes = new List<Excursion>();
        foreach (var reading in readings.OrderBy(r => r.At))
        {
            var profile = await _profiles.ForSiteAsync(reading.Facility, reading.Site, cancellationToken).ConfigureAwait(false);
            _monitor.Observe(reading, profile, changes);
            foreach (var change in changes)
            {
                await AlertAsync(change, cancellationToken).ConfigureAwait(false);
            }

            changes.Clear();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var readings in _feed.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await WatchAsync(readings, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.WatchFailed(_logger, e, readings.Count);
            }
        }
    }

    private async Task AlertAsync(Excursion excursion, CancellationToken cancellationToken)
    {
        var alert = ExcursionAlert.Of(excursion);
        var body = alert.ToUtf8Json();
        _metrics.Alert(alert.Type);
        Log.Alert(_logger, alert.Type, excursion.Id, excursion.Series.Site, excursion.Series.Device, excursion.Series.Sensor, excursion.Series.Quantity, alert.Direction, excursion.Limit);

        // The ledger and the outbox first: they keep what they are given; MQTT is best effort.
        if (excursion.IsClosed)
        {
            _ledger.Enqueue(excursion.ToRecorded());
        }

        try
        {
            _webhooks.Enqueue(alert, body);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.OutboxFailed(_logger, e, excursion.Id);
        }

        await PublishAsync(alert, body, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(ExcursionAlert alert, byte[] body, CancellationToken cancellationToken)
    {
        if (_mqtt is null)
        {
            return;
        }

        var topic = TelemetryTopics.Alerts(alert.Facility, alert.Site);
        bool taken;
        try
        {
            taken = await _mqtt.PublishAlertAsync(topic, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.PublishFailed(_logger, e, alert.ExcursionId, topic);
            taken = false;
        }

        _metrics.AlertPublished(taken ? "published" : "not_published");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5341, Level = LogLevel.Information, Message = "{Type} {Id}: site {Site}, device {Device}, sensor {Sensor}, {Quantity} {Direction} {Limit}")]
        public static partial void Alert(ILogger logger, string type, string id, string site, string device, string sensor, string quantity, string direction, double limit);

        [LoggerMessage(EventId = 5342, Level = LogLevel.Warning, Message = "Watching {Count} readings for excursions failed; they are stored, and skipped by the watch")]
        public static partial void WatchFailed(ILogger logger, Exception exception, int count);

        [LoggerMessage(EventId = 5343, Level = LogLevel.Warning, Message = "The alert of excursion {Id} could not be published on {Topic}")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string id, string topic);

        [LoggerMessage(EventId = 5344, Level = LogLevel.Error, Message = "The alert of excursion {Id} could not be put in the webhook outbox")]
        public static partial void OutboxFailed(ILogger logger, Exception exception, string id);
    }
}
