using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using Traceability.Devices.Agent.Buffering;
using Traceability.Telemetry;

namespace Traceability.Devices.Agent.Publishing;

/// <summary>
/// Publishes a device's outbox to the broker: MQTT 5, QoS 1, in sequence order, with up to
/// <see cref="PublisherOptions.MaxInFlight"/> messages awaiting their PUBACK at once.
/// </summary>
/// <remarks>
/// <para><b>Nothing is forgotten before the broker has it.</b> A message leaves the outbox only
/// when its PUBACK says <c>Success</c> (the broker took it for a subscriber: the platform). After any disconnect the publisher reconnects with capped exponential
/// backoff, forever, and resends from the oldest message still held; a message that the broker
/// had already accepted may then arrive twice, which the platform absorbs by (device, seq).</para>
/// <para><b>Dead letters.</b> A PUBACK with <c>PayloadFormatInvalid</c> (0x99) is the platform's
/// answer for a message it could not store as readings but kept, durably, in its dead-letter store
/// with the reason: the message is accounted for, so it leaves the outbox like an accepted one
/// (counted in <see cref="DeadLettered"/>); sending it again could only add another dead letter.</para>
/// <para><b>Nobody listening.</b> A PUBACK with <c>NoMatchingSubscribers</c> (0x10) means the broker
/// took the message but handed it to nobody: with mosquitto, the platform's subscription is not
/// there (mosquitto 2.0 does not restore a shared subscription after its own restart, so until
/// the platform reconnects, messages would vanish). The message stays in the outbox and is sent
/// again with back-off, counted in <see cref="Undelivered"/>; never a refusal, even for the
/// simulator. The platform's embedded broker answers a stored message with <c>Success</c>.</para>
/// <para><b>Refusals.</b> Any other PUBACK with an error reason code (<c>NotAuthorized</c>,
/// <c>QuotaExceeded</c>, …) leaves the message in the outbox: the refusal is logged and counted
/// (<see cref="Refusals"/>, <see cref="LastRefusal"/>), the publisher waits (backoff doubling per
/// refusal in a row) and offers the same message again. A refusal is treated as permanent only
/// where <see cref="PublisherOptions.StopOnRefusal"/> says so (the simulator): then
/// <see cref="RunAsync"/> ends with a <see cref="PublishRefusedException"/>. In the field a
/// refused message waits for the operator to fix the broker's ACL or credentials; if that takes
/// longer than the outbox can hold, the outbox's drop-oldest policy eventually takes it, counted
/// as dropped. The same holds for a CONNACK refusal (bad user name or password).</para>
/// <para><b>Session.</b> Clean start is off and the session expires after
/// <see cref="PublisherOptions.SessionExpiry"/>, so the broker keeps the device's state across
/// reconnects. The last will is a retained <c>offline</c> <see cref="DeviceStatus"/> on the status
/// topic; after connecting the publisher sends a retained <c>online</c> status (birth), and an
/// <c>offline</c> one when stopped.</para>
/// <para>One <see cref="RunAsync"/> at a time; the counters may be read from any thread.</para>
/// </remarks>
public sealed class Publisher(PublisherOptions options, IOutbox outbox, TimeProvider? time = null, ILogger? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly MqttClientFactory _factory = new();
    private CancellationTokenSource? _connection;
    private long _acknowledgedMessages;
    private long _acknowledgedReadings;
    private long _refusals;
    private long _connections;
    private int _connected;
    private string? _lastRefusal;
    private long _deadLettered;
    private long _undelivered;

    public PublisherOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public IOutbox Outbox { get; } = outbox ?? throw new ArgumentNullException(nameof(outbox));

    /// <summary>Messages removed from the outbox after a successful PUBACK, since construction.</summary>
    public long AcknowledgedMessages => Interlocked.Read(ref _acknowledgedMessages);

    /// <summary>Readings in those messages.</summary>
    public long AcknowledgedReadings => Interlocked.Read(ref _acknowledgedReadings);

    /// <summary>Messages the platform answered with PayloadFormatInvalid: kept in its dead-letter store, removed from the outbox.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>PUBACKs with NoMatchingSubscribers: messages nobody took, kept and sent again.</summary>
    public long Undelivered => Interlocked.Read(ref _undelivered);

    /// <summary>Refusals by the broker: CONNACKs and PUBACKs with an error reason code.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Successful connections (the first and every reconnection).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>The last refusal's reason code, e.g. <c>NotAuthorized</c>; null if none.</summary>
    public string? LastRefusal => Volatile.Read(ref _lastRefusal);

    public bool IsConnected => Volatile.Read(ref _connected) == 1;

    /// <summary>Pulsed on every connection, disconnection, acknowledgement and refusal, for waiting on the counters.</summary>
    public AsyncPulse Progress { get; } = new();

    /// <summary>
    /// Connects, publishes the outbox as it fills, reconnects after any failure, until
    /// <paramref name="cancellationToken"/> is cancelled; then publishes the retained offline
    /// status and disconnects cleanly. Returns normally on cancellation.
    /// </summary>
    /// <exception cref="PublishRefusedException">The broker refused and <see cref="PublisherOptions.StopOnRefusal"/> is set.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = _factory.CreateMqttClient();
        client.DisconnectedAsync += OnDisconnectedAsync;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using (var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    Volatile.Write(ref _connection, connection);
                    try
                    {
                        var window = await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
                        if (window > 0)
                        {
                            failures = 0;
                            await PublishWhileConnectedAsync(client, window, connection.Token).ConfigureAwait(false);
                        }
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (PublishRefusedException)
                    {
                        throw;
                    }
#pragma warning disable CA1031 // The agent outlives any one failure of the network, the broker or the client: log and retry.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        AgentLog.ConnectionLost(_logger, Options.Device, $"{Options.Host}:{Options.Port}", e.GetType().Name, e.Message);
                    }
                    finally
                    {
                        Volatile.Write(ref _connection, null);
                        SetConnected(false);
                    }
                }

                var delay = Backoff.Delay(failures++, Options.MinBackoff, Options.MaxBackoff);
                AgentLog.Reconnecting(_logger, Options.Device, delay.TotalSeconds, Outbox.Count);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            client.DisconnectedAsync -= OnDisconnectedAsync;
            await SignOffAsync(client).ConfigureAwait(false);
        }
    }

    /// <summary>Connects and sends the birth; the number of messages that may be in flight, or 0 when refused.</summary>
    private async Task<int> ConnectAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
        }

        var will = ReadingsPayload.Serialize(Status(DeviceStatus.Offline));
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Options.Host, Options.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(Options.ClientId ?? Options.Device)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)Options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(Options.KeepAlive)
            .WithTimeout(Options.Timeout)
            .WithWillTopic(Options.StatusTopic)
            .WithWillPayload(will)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (Options.Username is not null)
        {
            builder = builder.WithCredentials(Options.Username, Options.Password ?? "");
        }

        var result = await client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            Refused($"connect: {result.ResultCode}", result.ResultCode.ToString());
            return 0;
        }

        Interlocked.Increment(ref _connections);
        SetConnected(true);
        await client.PublishAsync(StatusMessage(DeviceStatus.Online), cancellationToken).ConfigureAwait(false);
        // The broker's receive maximum (0: not announced, 65,535 by the spec) caps our window.
        var window = result.ReceiveMaximum is > 0 ? Math.Min(Options.MaxInFlight, (int)result.ReceiveMaximum) : Options.MaxInFlight;
        AgentLog.Connected(_logger, Options.Device, $"{Options.Host}:{Options.Port}", result.IsSessionPresent, Outbox.Count, window);
        return Math.Max(1, window);
    }

    /// <summary>Publishes until the connection fails; pauses with backoff after each refusal.</summary>
    private async Task PublishWhileConnectedAsync(IMqttClient client, int window, CancellationToken connection)
    {
        var refusedInARow = 0;
        while (true)
        {
            var (refusal, progressed) = await PumpAsync(client, window, connection).ConfigureAwait(false);
            refusedInARow = progressed ? 1 : refusedInARow + 1;
            var delay = Backoff.Delay(refusedInARow - 1, Options.MinBackoff, Options.MaxBackoff);
            if (refusal.Reason == nameof(MqttClientPublishReasonCode.NoMatchingSubscribers))
            {
                Interlocked.Increment(ref _undelivered);
                AgentLog.NotDelivered(_logger, Options.Device, refusal.Sequence, delay.TotalSeconds);
                Progress.Pulse();
            }
            else
            {
                Refused($"message {refusal.Sequence}: {refusal.Reason}", refusal.Reason);
            }

            await Task.Delay(delay, _time, connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Keeps the window full in sequence order and removes acknowledged messages; returns at the
    /// first refusal (after settling every other message in flight), throws when the connection fails.
    /// </summary>
    private async Task<(PublishRefusal Refusal, bool Progressed)> PumpAsync(IMqttClient client, int window, CancellationToken connection)
    {
        var inFlight = new Queue<(OutboxMessage Message, Task<MqttClientPublishResult> Ack)>(window);
        var acknowledged = new List<OutboxMessage>(window);
        var last = 0L;
        var progressed = false;
        try
        {
            while (true)
            {
                var changed = Outbox.Changed.Next();
                if (inFlight.Count < window)
                {
                    foreach (var message in Outbox.Peek(window - inFlight.Count, last))
                    {
                        inFlight.Enqueue((message, client.PublishAsync(ReadingsMessage(message), connection)));
                        last = message.Sequence;
                    }
                }

                if (inFlight.Count == 0)
                {
                    await changed.WaitAsync(connection).ConfigureAwait(false);
                    continue;
                }

                // Acknowledgements come in order on one connection; settle the oldest and every
                // one already in behind it, so the outbox is written once per round, not per message.
                await inFlight.Peek().Ack.ConfigureAwait(false);
                PublishRefusal? refusal = null;
                while (inFlight.Count > 0 && inFlight.Peek().Ack.IsCompleted)
                {
                    var (message, ack) = inFlight.Dequeue();
                    var result = await ack.ConfigureAwait(false);
                    if (IsAccepted(result.ReasonCode))
                    {
                        acknowledged.Add(message);
                    }
                    else if (IsDeadLettered(result.ReasonCode))
                    {
                        Interlocked.Increment(ref _deadLettered);
                        acknowledged.Add(message);
                    }
                    else
                    {
                        refusal ??= new PublishRefusal(message.Sequence, result.ReasonCode.ToString());
                    }
                }

                if (refusal is not null)
                {
                    // Let the rest of the window settle: what the broker accepted is removed, the
                    // refused message stays, and the next round starts again from the oldest held.
                    while (inFlight.TryDequeue(out var rest))
                    {
                        var result = await rest.Ack.ConfigureAwait(false);
                        if (IsAccepted(result.ReasonCode) || IsDeadLettered(result.ReasonCode))
                        {
                            Interlocked.Add(ref _deadLettered, IsDeadLettered(result.ReasonCode) ? 1 : 0);
                            acknowledged.Add(rest.Message);
                        }
                    }
                }

                progressed |= acknowledged.Count > 0;
                Settle(acknowledged);
                if (refusal is not null)
                {
                    return (refusal, progressed);
                }
            }
        }
        finally
        {
            // A failed connection fails every outstanding publish: observe them so none goes unobserved.
            foreach (var (_, ack) in inFlight)
            {
                _ = ack.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private void Settle(List<OutboxMessage> acknowledged)
    {
        if (acknowledged.Count == 0)
        {
            return;
        }

        var sequences = new long[acknowledged.Count];
        var readings = 0L;
        for (var i = 0; i < acknowledged.Count; i++)
        {
            sequences[i] = acknowledged[i].Sequence;
            readings += acknowledged[i].Readings;
        }

        Outbox.Remove(sequences);
        Interlocked.Add(ref _acknowledgedMessages, acknowledged.Count);
        Interlocked.Add(ref _acknowledgedReadings, readings);
        acknowledged.Clear();
        Progress.Pulse();
    }

    /// <summary>Success is the broker taking the message; NoMatchingSubscribers (0x10) is taken by nobody (sent again); 0x80 and up are refusals.</summary>
    internal static bool IsAccepted(MqttClientPublishReasonCode code) => (int)code < 0x80 && code != MqttClientPublishReasonCode.NoMatchingSubscribers;

    /// <summary>PayloadFormatInvalid: the platform kept the message as a dead letter.</summary>
    internal static bool IsDeadLettered(MqttClientPublishReasonCode code) => code == MqttClientPublishReasonCode.PayloadFormatInvalid;

    private void Refused(string what, string reason)
    {
        Interlocked.Increment(ref _refusals);
        Volatile.Write(ref _lastRefusal, reason);
        AgentLog.Refused(_logger, Options.Device, what, Options.StopOnRefusal);
        Progress.Pulse();
        if (Options.StopOnRefusal)
        {
            throw new PublishRefusedException($"The broker {Options.Host}:{Options.Port} refused device '{Options.Device}' ({what}).") { Reason = reason };
        }
    }

    private async Task SignOffAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(Options.Timeout);
        try
        {
            await client.PublishAsync(StatusMessage(DeviceStatus.Offline), timeout.Token).ConfigureAwait(false);
            // A normal disconnect: the broker discards the will, the status above says offline.
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping must not fail because the broker went away first: the will covers it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            AgentLog.SignOffFailed(_logger, Options.Device, e.Message);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected)
        {
            SetConnected(false);
            try
            {
                Volatile.Read(ref _connection)?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run loop is already past this connection.
            }
        }

        return Task.CompletedTask;
    }

    private void SetConnected(bool connected)
    {
        if (Interlocked.Exchange(ref _connected, connected ? 1 : 0) != (connected ? 1 : 0))
        {
            Progress.Pulse();
        }
    }

    private DeviceStatus Status(string state) => new(Options.Device, state, _time.GetUtcNow(), Outbox.Count, Outbox.Dropped);

    private MqttApplicationMessage StatusMessage(string state) => new MqttApplicationMessageBuilder()
        .WithTopic(Options.StatusTopic)
        .WithPayload(ReadingsPayload.Serialize(Status(state)))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithRetainFlag(true)
        .WithContentType("application/json")
        .Build();

    private MqttApplicationMessage ReadingsMessage(OutboxMessage message) => new MqttApplicationMessageBuilder()
        .WithTopic(Options.ReadingsTopic)
        .WithPayloadSegment(message.Payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithContentType("application/json")
        .Build();

    private sealed record PublishRefusal(long Sequence, string Reason);
}
