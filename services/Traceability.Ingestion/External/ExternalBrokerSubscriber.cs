using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using Traceability.Ingestion.Alerts;
using Traceability.Telemetry;

namespace Traceability.Ingestion.External;

/// <summary>
/// The platform's subscriber to an external broker (mosquitto, EMQX): a persistent MQTT 5
/// session (clean start off, long session expiry) subscribed at QoS 1 to every device's readings,
/// through a shared subscription so several server instances split the load. Every message is
/// handed to the pipeline and acknowledged manually, in the order received, only once the
/// pipeline made it durable; a message the pipeline could not take is not acknowledged, and the
/// subscriber reconnects so the broker delivers it again. The server's alerts are published through
/// the same connection (<see cref="PublishAlertAsync"/>; the login's ACL allows <c>ocop/+/+/alerts</c>).
/// </summary>
public sealed partial class ExternalBrokerSubscriber(IReadingsSink sink, ExternalBrokerOptions options, ILogger<ExternalBrokerSubscriber> logger, Pipeline.DeviceLiveness? liveness = null)
    : BackgroundService, IMqttAlertPublisher
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private volatile IMqttClient? _connected;

    private TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the subscription is in place (for tests and readiness).</summary>
    public Task Subscribed => _subscribed.Task;

    /// <summary>The topic filter subscribed to.</summary>
    public string Filter => options.SharedGroup is { Length: > 0 } group ? TelemetryTopics.Shared(group, TelemetryTopics.ReadingsFilter) : TelemetryTopics.ReadingsFilter;

    /// <summary>
    /// Publishes one of the server's alerts (QoS 1, not retained) through the subscriber's connection;
    /// false while it is not connected or when the broker refuses it (e.g. an ACL without <c>ocop/+/+/alerts</c>).
    /// </summary>
    public async Task<bool> PublishAlertAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_connected is not { IsConnected: true } client)
        {
            return false;
        }

        var message = IMqttAlertPublisher.AlertMessage(topic, payload);
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            return true;
        }

        Log.AlertRefused(logger, topic, result.ReasonCode, result.ReasonString);
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromMilliseconds(200);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.SessionFailed(logger, e, options.Host, options.Port, backoff.TotalSeconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>One connection: connect, subscribe, ingest and acknowledge in order until the connection ends.</summary>
    private async Task RunSessionAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var acks = Channel.CreateUnbounded<(Task<IngestOutcome> Ingested, MqttApplicationMessageReceivedEventArgs Message)>(new UnboundedChannelOptions { SingleReader = true });
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);

        client.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false;
            var payload = e.ApplicationMessage.Payload.ToArray();
            if (liveness is not null && TelemetryTopics.TryParse(e.ApplicationMessage.Topic, out var address) && address.Channel == TopicChannel.Status)
            {
                // A device's status (retained): noted, and acknowledged in its turn.
                liveness.Record(address, payload);
                acks.Writer.TryWrite((Task.FromResult(IngestOutcome.Stored), e));
                return Task.CompletedTask;
            }

            var ingested = sink.IngestAsync(e.ApplicationMessage.Topic, payload, clientId: null, session.Token).AsTask();
            acks.Writer.TryWrite((ingested, e));
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            ended.TrySetResult();
            return Task.CompletedTask;
        };

        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(options.ClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(uint.MaxValue)
            .WithReceiveMaximum(options.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15));
        if (options.Username is not null)
        {
            builder = builder.WithCredentials(options.Username, options.Password);
        }

        await client.ConnectAsync(builder.Build(), stoppingToken).ConfigureAwait(false);
        var subscribing = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(Filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        if (liveness is not null)
        {
            // Not shared: every instance hears every device's (retained) status.
            subscribing = subscribing.WithTopicFilter(f => f.WithTopic(TelemetryTopics.StatusFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        var subscription = subscribing.Build();
        var granted = await client.SubscribeAsync(subscription, stoppingToken).ConfigureAwait(false);
        foreach (var item in granted.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException($"The broker refused the subscription to '{Filter}': {item.ResultCode}.");
            }
        }

        Log.Subscribed(logger, options.Host, options.Port, Filter);
        _connected = client;
        _subscribed.TrySetResult();

        var acknowledging = AcknowledgeInOrderAsync(acks.Reader, session.Token);
        // The session ends when the connection drops, the server stops, or a message cannot be made
        // durable (acknowledging stops at it: reconnecting makes the broker deliver it again).
        await Task.WhenAny(ended.Task, acknowledging, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
        _connected = null;
        acks.Writer.TryComplete();
        await session.CancelAsync().ConfigureAwait(false);
        try
        {
            await acknowledging.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None).ConfigureAwait(false);
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            _subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            throw new IOException($"The connection to the broker at {options.Host}:{options.Port} ended.");
        }
    }

    /// <summary>
    /// Acknowledges each message once it is durable, in the order the broker sent them (MQTT
    /// requires PUBACKs in order). The first message that cannot be made durable ends the
    /// session unacknowledged: the broker redelivers it, and every later one, after the reconnect.
    /// </summary>
    private async Task AcknowledgeInOrderAsync(ChannelReader<(Task<IngestOutcome> Ingested, MqttApplicationMessageReceivedEventArgs Message)> acks, CancellationToken cancellationToken)
    {
        await foreach (var (ingested, message) in acks.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await ingested.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.NotStored(logger, e, message.ApplicationMessage.Topic);
                throw;
            }

            await message.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Subscribed to {Filter} at {Host}:{Port}")]
        public static partial void Subscribed(ILogger logger, string host, int port, string filter);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "The session with the broker at {Host}:{Port} failed; reconnecting in {Seconds} s")]
        public static partial void SessionFailed(ILogger logger, Exception exception, string host, int port, double seconds);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "A message on {Topic} was not stored; leaving it unacknowledged for redelivery")]
        public static partial void NotStored(ILogger logger, Exception exception, string topic);

        [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "The broker refused an alert on {Topic}: {Code} {Reason}")]
        public static partial void AlertRefused(ILogger logger, string topic, MqttClientPublishReasonCode code, string? reason);
    }
}
