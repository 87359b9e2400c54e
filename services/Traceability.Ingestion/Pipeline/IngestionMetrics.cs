using System.Diagnostics.Metrics;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Pipeline;

/// <summary>The pipeline's instruments (meter <c>Traceability.Ingestion</c>), owned by one pipeline and disposed with it.</summary>
public sealed class IngestionMetrics : IDisposable
{
    public const string MeterName = "Traceability.Ingestion";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _messages;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<int> _flushMessages;
    private readonly Histogram<double> _flushSeconds;
    private readonly Counter<long> _windows;
    private readonly Counter<long> _alertReadingsDropped;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _alertsPublished;
    private readonly Counter<long> _webhookAttempts;
    private readonly Counter<long> _excursions;
    private long _droppedForAlerts;
    private long _stored;
    private long _duplicates;
    private long _deadLettered;
    private long _storedReadings;

    public IngestionMetrics()
    {
        _messages = _meter.CreateCounter<long>("traceability.ingestion.messages", description: "Readings messages by outcome (stored, duplicate, dead_lettered).");
        _readings = _meter.CreateCounter<long>("traceability.ingestion.readings", description: "Readings stored durably.");
        _deadLetters = _meter.CreateCounter<long>("traceability.ingestion.dead_letters", description: "Messages kept in the dead-letter store, by reason.");
        _flushMessages = _meter.CreateHistogram<int>("traceability.ingestion.flush.messages", description: "Messages per durable write.");
        _flushSeconds = _meter.CreateHistogram<double>("traceability.ingestion.flush.duration", unit: "s", description: "Time of one durable write (store and journal).");
        _windows = _meter.CreateCounter<long>("traceability.ingestion.windows", description: "Readings windows sealed into the ledger, by outcome.");
        _alertReadingsDropped = _meter.CreateCounter<long>("traceability.ingestion.alerts.dropped_readings", description: "Stored readings not watched for excursions because the watch was too far behind.");
        _alerts = _meter.CreateCounter<long>("traceability.ingestion.alerts", description: "Excursion alerts raised, by type (excursion.opened, excursion.closed).");
        _alertsPublished = _meter.CreateCounter<long>("traceability.ingestion.alerts.mqtt", description: "Alerts offered to the MQTT broker, by outcome (published, not_published).");
        _webhookAttempts = _meter.CreateCounter<long>("traceability.ingestion.alerts.webhooks", description: "Webhook delivery attempts, by outcome (delivered, retried, failed).");
        _excursions = _meter.CreateCounter<long>("traceability.ingestion.excursions", description: "Closed excursions put in the ledger, by outcome (recorded, repeated, refused, retried, dropped).");
    }

    /// <summary>Messages stored since start.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Redelivered messages recognised since start.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages dead-lettered since start.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Readings stored since start.</summary>
    public long StoredReadings => Interlocked.Read(ref _storedReadings);

    /// <summary>Stored readings the excursion watch did not take since start.</summary>
    public long DroppedForAlerts => Interlocked.Read(ref _droppedForAlerts);

    public void MessageStored(int readings) => MessagesStored(1, readings);

    /// <summary>Counts the messages of one durable write at once.</summary>
    public void MessagesStored(int messages, long readings)
    {
        Interlocked.Add(ref _stored, messages);
        Interlocked.Add(ref _storedReadings, readings);
        _messages.Add(messages, new KeyValuePair<string, object?>("outcome", "stored"));
        _readings.Add(readings);
    }

    public void Duplicate()
    {
        Interlocked.Increment(ref _duplicates);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", "duplicate"));
    }

    public void DeadLetter(RejectionReason reason)
    {
        Interlocked.Increment(ref _deadLettered);
        _messages.Add(1, new KeyValuePair<string, object?>("outcome", "dead_lettered"));
        _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
    }

    public void Flushed(int messages, TimeSpan duration)
    {
        _flushMessages.Record(messages);
        _flushSeconds.Record(duration.TotalSeconds);
    }

    public void Window(string outcome) => _windows.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts stored readings the excursion watch could not take (its queue was full).</summary>
    public void AlertReadingsDropped(int readings)
    {
        Interlocked.Add(ref _droppedForAlerts, readings);
        _alertReadingsDropped.Add(readings);
    }

    public void Alert(string type) => _alerts.Add(1, new KeyValuePair<string, object?>("type", type));

    public void AlertPublished(string outcome) => _alertsPublished.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WebhookAttempt(string outcome) => _webhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Excursion(string outcome) => _excursions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
