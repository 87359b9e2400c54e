using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using Traceability.Conditions;
using Traceability.Domain;
using Traceability.Events;
using Traceability.Grains;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Broker;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.Pipeline;
using Traceability.Ingestion.Tests.Mosquitto;
using Traceability.Profiles;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Tests.Alerts;

/// <summary>
/// Excursion alerts end to end in the embedded mode, in-process: a gateway publishes readings to the
/// embedded broker, the real pipeline stores them in SQLite, the watch judges them against the dryer's
/// drying profile (given by the test, where the server asks its catalogue), and a service login subscribed
/// to the site's alerts topic hears the excursion open and close; the closed excursion goes to the ledger
/// (here a recording function in place of the site grain).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "Disposed in DisposeAsync (IAsyncLifetime).")]
public sealed class LiveAlertsTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("live-alerts-");
    private readonly List<ExcursionRecorded> _ledger = [];
    private readonly IngestionMetrics _metrics = new();
    private DeviceRegistry _registry = null!;
    private SqliteTimeSeriesStore _store = null!;
    private IngestionJournal _journal = null!;
    private SqliteDeadLetterStore _deadLetters = null!;
    private IngestionPipeline _pipeline = null!;
    private EmbeddedBroker _broker = null!;
    private WebhookOutbox _outbox = null!;
    private WebhookDispatcher _webhooks = null!;
    private ExcursionLedger _recorder = null!;
    private ExcursionWatch _watch = null!;
    private DeviceCredentials _dryer = null!;
    private ServiceCredentials _service = null!;

    public async Task InitializeAsync()
    {
        _registry = new DeviceRegistry(Path.Combine(_folder.FullName, "registry"));
        _dryer = _registry.Register("coop-1", "dryer", "gw-1");
        _service = _registry.EnsureServiceAccount();
        var options = new AlertOptions();
        var drying = new ConditionProfile(
            "drying.sam-ngoc-linh", 2, "Drying", ProfileScope.Step, StepKind.Drying, null, [new QuantityLimit("temperature", 40, 60)], null,
            TimeSpan.Zero, TimeSpan.FromHours(1), null, DateTimeOffset.UnixEpoch, "test", "");

        var feed = new StoredReadingsFeed(options, _metrics, NullLogger<StoredReadingsFeed>.Instance);
        _store = new SqliteTimeSeriesStore(Path.Combine(_folder.FullName, "readings.db"));
        _journal = new IngestionJournal(Path.Combine(_folder.FullName, "ingestion.db"));
        _deadLetters = new SqliteDeadLetterStore(Path.Combine(_folder.FullName, "dead-letters.db"));
        _pipeline = new IngestionPipeline(_store, _journal, _deadLetters, new IngestionOptions(), TimeProvider.System, _metrics, observer: feed);
        _broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = 0 }, _registry, _pipeline, _deadLetters);
        _outbox = new WebhookOutbox(Path.Combine(_folder.FullName, "alerts.db"));
        _webhooks = new WebhookDispatcher(_outbox, options, _metrics, TimeProvider.System, NullLogger<WebhookDispatcher>.Instance);
        _recorder = new ExcursionLedger(Record, _metrics, TimeProvider.System, NullLogger<ExcursionLedger>.Instance);
        _watch = new ExcursionWatch(feed, new OneSiteAlertProfiles("coop-1", "dryer", drying), options, _webhooks, _recorder, _metrics, TimeProvider.System, NullLogger<ExcursionWatch>.Instance, _broker);
        await _broker.StartAsync();
        await _recorder.StartAsync(CancellationToken.None);
        await _watch.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _watch.StopAsync(CancellationToken.None);
        await _recorder.StopAsync(CancellationToken.None);
        await _broker.DisposeAsync();
        await _pipeline.DisposeAsync();
        _watch.Dispose();
        _recorder.Dispose();
        _webhooks.Dispose();
        _outbox.Dispose();
        _deadLetters.Dispose();
        _journal.Dispose();
        _store.Dispose();
        _registry.Dispose();
        _metrics.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task WhenADryersReadingsCrossTheMaximumAndComeBack_TheSitesAlertsTopicCarriesTheOpeningAndTheClosing()
    {
        await using var platform = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "dashboard", _service.Username, _service.Password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await platform.SubscribeAsync(TelemetryTopics.AlertsFilter));
        await using var gateway = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password);
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());

        var published = await gateway.PublishAsync(_dryer.Topic, Readings(start, 58, 61, 63, 62, 59.6, 59.4, 58));

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        var opened = await platform.NextAsync();
        var closed = await platform.NextAsync();
        Assert.Equal("ocop/coop-1/dryer/alerts", opened.Topic);
        Assert.Equal("ocop/coop-1/dryer/alerts", closed.Topic);
        Assert.False(opened.Retain);
        Assert.Equal(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, opened.QualityOfServiceLevel);
        var (o, c) = (ExcursionAlert.Parse(opened.Payload.ToArray())!, ExcursionAlert.Parse(closed.Payload.ToArray())!);
        Assert.Equal(
            (ExcursionAlert.Opened, "coop-1", "dryer", "gw-1", "t1", "temperature", "CEL", "above", 60.0, start.AddMinutes(1), (DateTimeOffset?)null, 63.0, "drying.sam-ngoc-linh", 2),
            (o.Type, o.Facility, o.Site, o.Device, o.Sensor, o.Quantity, o.Unit, o.Direction, o.Limit, o.StartedAt, o.EndedAt, o.Peak, o.ProfileId, o.ProfileVersion));
        Assert.Equal((ExcursionAlert.Closed, start.AddMinutes(1), start.AddMinutes(5), 63.0, 1 + 3 + 2 + 0.0, o.ExcursionId), (c.Type, c.StartedAt, c.EndedAt!.Value, c.Peak, c.Area, c.ExcursionId));

        await Eventually(() => _ledger.Count == 1);
        var recorded = Assert.Single(_ledger);
        Assert.Equal((c.ExcursionId, "coop-1", "dryer", start.AddMinutes(5)), (recorded.ExcursionId, recorded.FacilityId, recorded.SiteId, recorded.EndedAt));
    }

    [Fact]
    public async Task AGatewayCannotPublishOnItsSitesAlertsTopic_ItIsRefusedDeadLetteredAndNeverDelivered()
    {
        await using var platform = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "dashboard", _service.Username, _service.Password);
        await platform.SubscribeAsync(TelemetryTopics.AlertsFilter);
        await using var gateway = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password);
        var forged = new ExcursionAlert(ExcursionAlert.Closed, "coop-1", "dryer", "gw-1", "t1", "temperature", "CEL", "above", 60, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow, 61, 1, "drying.sam-ngoc-linh", 2, "x-00000000000000000000000000000000").ToUtf8Json();

        var refused = await gateway.PublishAsync(TelemetryTopics.Alerts("coop-1", "dryer"), forged);
        var serviceRefused = await platform.PublishAsync(TelemetryTopics.Alerts("coop-1", "dryer"), forged);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, serviceRefused.ReasonCode);
        var letters = await _deadLetters.ListAsync(0, 10);
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Equal((RejectionReason.Unauthorised, "ocop/coop-1/dryer/alerts"), (l.Letter.Reason, l.Letter.Topic)));
        Assert.Equal(forged, letters[0].Letter.Payload.ToArray());

        // The server's own alert is delivered; had the forged ones been, they would have come first.
        await gateway.PublishAsync(_dryer.Topic, Readings(DateTimeOffset.UtcNow.AddMinutes(-10), 61, 62));
        Assert.Equal(ExcursionAlert.Opened, ExcursionAlert.Parse((await platform.NextAsync()).Payload.ToArray())!.Type);
    }

    [Fact]
    public async Task ADeviceCannotSubscribeToAlerts_OnlyAServiceLoginCan()
    {
        await using var gateway = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "gw-1", _dryer.Username, _dryer.Password);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await gateway.SubscribeAsync(TelemetryTopics.AlertsFilter));
        await using var platform = await MqttTestClient.ConnectAsync("127.0.0.1", _broker.Port, "dashboard", _service.Username, _service.Password);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await platform.SubscribeAsync(TelemetryTopics.Alerts("coop-1", "dryer")));
    }

    private static byte[] Readings(DateTimeOffset start, params double[] celsius) =>
        ReadingsPayload.Serialize(new ReadingBatch("gw-1", start.ToUnixTimeSeconds(), [.. celsius.Select((v, i) => new SensorReading("t1", "temperature", "CEL", v, start.AddMinutes(i)))]));

    private Task<CaptureResult> Record(ExcursionRecorded excursion)
    {
        lock (_ledger)
        {
            _ledger.Add(excursion);
        }

        return Task.FromResult(new CaptureResult(null, false, null));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "Not within 15 s.");
            await Task.Delay(50);
        }
    }
}
