using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Devices;
using Traceability.Security.Audit;
using Traceability.Security.Policy;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Broker;

/// <summary>
/// The MQTT broker of the embedded (single-node) mode: MQTTnet.Server 5 in-process, logins from the
/// <see cref="DeviceRegistry"/>, the topic ACL of <see cref="TopicAccess"/>, and readings handed to the
/// <see cref="IReadingsSink"/> <b>before</b> the PUBACK. The broker keeps nothing on disk, so its PUBACK to a
/// device must mean "durable": MQTTnet runs <c>InterceptingPublishAsync</c> inside the client's receive loop and
/// queues the PUBACK only after the interceptor's task completes (<c>MqttConnectedClient.HandleIncomingPublishPacket</c>),
/// so the device's PUBACK waits for <see cref="IReadingsSink.IngestAsync"/>. If the sink throws, MQTTnet closes the
/// connection without a PUBACK and the device sends the message again (the pipeline de-duplicates by device and seq).
/// <para>
/// MQTTnet reads and handles one client's packets one at a time (the same loop), so a device's next message is
/// read only after the previous one is durable: throughput comes from many devices in parallel, each sending
/// batches. Denied publishes get PUBACK <c>NotAuthorized</c> (0x87, MQTT 5; MQTT 3.1.1 has no reason codes) and go
/// to the <see cref="IDeadLetterStore"/> (reason <see cref="RejectionReason.Unauthorised"/>) before that PUBACK.
/// Readings the pipeline dead-letters are acknowledged with <c>PayloadFormatInvalid</c> (0x99): final, resending
/// cannot help. MQTTnet has no shared subscriptions (<c>$share/…</c> is refused); the embedded mode needs none.
/// </para>
/// <para>
/// Every CONNECT is checked against the registry (<see cref="DeviceRegistry.CheckLogin"/>), so a rotated password or a
/// revoked device is refused from the moment the registry has it. A rotation or revocation also ends the device's open
/// connections (<see cref="DeviceRegistry.Changed"/>): its client ids lose their identity at once (a publish in flight
/// is refused) and are disconnected with <c>NotAuthorized</c>. With an <see cref="AuditLog"/>, each refused CONNECT
/// (unknown user, wrong password, revoked device, another account's client id) and each refused PUBLISH is appended to
/// it (who: <c>device:&lt;id&gt;</c>, <c>service:&lt;name&gt;</c> or <c>anonymous</c>; from: the client's endpoint). Accepted
/// messages are not audited.
/// </para>
/// A client id stays bound to the first username that used it while the broker runs, so nobody can resume
/// another account's persistent session. The server's own alerts (<see cref="PublishAlertAsync"/>) are
/// injected into the broker and are the only messages on <c>ocop/{facility}/{site}/alerts</c>: no login
/// may publish there. Thread-safe; start once, dispose to stop.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable, IMqttAlertPublisher
{
    /// <summary>The client id the server's own alerts are published under.</summary>
    public const string ServerClientId = "$traceability-server";

    /// <summary>The name of the broker's <see cref="Meter"/>.</summary>
    public const string MeterName = "Traceability.Ingestion.Broker";

    private readonly EmbeddedBrokerOptions _options;
    private readonly DeviceRegistry _registry;
    private readonly IReadingsSink _sink;
    private readonly IDeadLetterStore _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MqttServerOptions _serverOptions;
    private readonly MqttServer _server;
    private readonly AuditLog? _audit;
    private readonly ConcurrentDictionary<string, Login> _clients = new(StringComparer.Ordinal);

    // When each account's open logins were last ended (a rotation or revocation), as a stamp of _loginChanges.
    private readonly ConcurrentDictionary<string, long> _loginsEndedAt = new(StringComparer.Ordinal);
    private long _loginChanges;
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _connectionsRefused;
    private readonly Counter<long> _publishesDenied;
    private readonly Counter<long> _subscriptionsDenied;
    private readonly Counter<long> _readingsIngested;

    // The session items of the server's own messages: a client's publish never carries this instance.
    private readonly Hashtable _serverItems = [];

    public EmbeddedBroker(
        EmbeddedBrokerOptions options,
        DeviceRegistry registry,
        IReadingsSink sink,
        IDeadLetterStore deadLetters,
        TimeProvider? timeProvider = null,
        ILogger<EmbeddedBroker>? logger = null,
        AuditLog? audit = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        _options = options;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _deadLetters = deadLetters ?? throw new ArgumentNullException(nameof(deadLetters));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<EmbeddedBroker>.Instance;
        _audit = audit;
        _connectionsRefused = _meter.CreateCounter<long>("mqtt.connections.refused", description: "CONNECTs refused (bad login, or a client id of another account)");
        _publishesDenied = _meter.CreateCounter<long>("mqtt.publishes.denied", description: "PUBLISHes refused by the topic ACL and dead-lettered");
        _subscriptionsDenied = _meter.CreateCounter<long>("mqtt.subscriptions.denied", description: "SUBSCRIBE filters refused by the topic ACL");
        _readingsIngested = _meter.CreateCounter<long>("mqtt.readings.ingested", description: "Readings messages made durable before their PUBACK, by outcome");

        var factory = new MqttServerFactory();
        _serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(options.BindAddress)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(options.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            .Build();
        _server = factory.CreateMqttServer(_serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += CheckConnectedAsync;
        _registry.Changed += OnAccountChanged;
    }

    /// <summary>The port the broker listens on (the one chosen when <see cref="EmbeddedBrokerOptions.Port"/> is 0), once started.</summary>
    public int Port => _serverOptions.DefaultEndpointOptions.Port;

    /// <summary>The address the broker listens on.</summary>
    public IPAddress Address => _options.BindAddress;

    public bool IsStarted => _server.IsStarted;

    /// <summary>The broker's meter (counters <c>mqtt.connections.refused</c>, <c>mqtt.publishes.denied</c>, <c>mqtt.subscriptions.denied</c>, <c>mqtt.readings.ingested</c>); disposed with the broker.</summary>
    public Meter Meter => _meter;

    /// <summary>Binds the port and starts accepting clients.</summary>
    public async Task StartAsync()
    {
        await _server.StartAsync();
        BrokerLog.Listening(_logger, _options.BindAddress.ToString(), Port);
    }

    /// <summary>Disconnects every client and stops listening; in-memory sessions and retained status are lost.</summary>
    public async Task StopAsync()
    {
        if (_server.IsStarted)
        {
            await _server.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _registry.Changed -= OnAccountChanged;
        await StopAsync();
        _server.Dispose();
        _meter.Dispose();
    }

    /// <summary>Publishes one of the server's alerts (QoS 1, not retained) to the broker's subscribers; false when the broker is not running.</summary>
    public async Task<bool> PublishAlertAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_server.IsStarted)
        {
            return false;
        }

        var message = IMqttAlertPublisher.AlertMessage(topic, payload);
        await _server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(message) { SenderClientId = ServerClientId, CustomSessionItems = _serverItems },
            cancellationToken);
        return true;
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        // Read before the registry is: a rotation or revocation committed after this is newer than the login.
        var seen = Interlocked.Read(ref _loginChanges);
        var remote = args.RemoteEndPoint?.ToString();
        var check = _registry.CheckLogin(args.UserName, args.Password);
        if (check.Identity is not { } identity)
        {
            Refuse(args, MqttConnectReasonCode.BadUserNameOrPassword, "bad username or password", check.Account, remote, $"bad username or password: {check.Reason}{ClaimedUser(args.UserName, check)}");
            return Task.CompletedTask;
        }

        var login = new Login(identity, remote, seen);
        var bound = _clients.GetOrAdd(args.ClientId, login);
        if (bound.Identity.Username != identity.Username)
        {
            var reason = $"client id is bound to another account ({bound.Identity.Username})";
            Refuse(args, MqttConnectReasonCode.ClientIdentifierNotValid, reason, identity, remote, reason);
            return Task.CompletedTask;
        }

        // A rotated identity (same username) replaces the bound one.
        _clients[args.ClientId] = login;
        return Task.CompletedTask;
    }

    private void Refuse(ValidatingConnectionEventArgs args, MqttConnectReasonCode code, string reason, MqttIdentity? who, string? remote, string auditReason)
    {
        args.ReasonCode = code;
        _connectionsRefused.Add(1, new KeyValuePair<string, object?>("reason", code.ToString()));
        BrokerLog.ConnectionRefused(_logger, args.ClientId, args.UserName, reason);
        Audit(who, remote, "connect", $"client id {Shorten(args.ClientId)}", auditReason);
    }

    // The username an unknown login claimed (attacker-chosen text: shortened), so the audit log says what was tried.
    private static string ClaimedUser(string? username, LoginCheck check) =>
        check.Account is null && !string.IsNullOrEmpty(username) ? $" ('{Shorten(username)}')" : "";

    /// <summary>
    /// A registry change that ends open logins (rotation, revocation): the account's client ids lose their identity now,
    /// so a publish in flight is refused, and their connections are closed. A login being validated meanwhile is
    /// caught when it is connected (<see cref="CheckConnectedAsync"/>).
    /// </summary>
    private void OnAccountChanged(AccountChange change)
    {
        if (!change.EndsOpenLogins)
        {
            return;
        }

        var username = change.Account.Username;
        var stamp = Interlocked.Increment(ref _loginChanges);
        _loginsEndedAt[username] = stamp;
        foreach (var (clientId, login) in _clients)
        {
            if (login.Identity.Username == username && login.Seen < stamp && _clients.TryRemove(new KeyValuePair<string, Login>(clientId, login)))
            {
                _ = EndLoginAsync(clientId, username, change.Kind);
            }
        }
    }

    private Task CheckConnectedAsync(ClientConnectedEventArgs args)
    {
        if (_clients.TryGetValue(args.ClientId, out var login)
            && _loginsEndedAt.TryGetValue(login.Identity.Username, out var ended)
            && ended > login.Seen
            && _clients.TryRemove(new KeyValuePair<string, Login>(args.ClientId, login)))
        {
            return EndLoginAsync(args.ClientId, login.Identity.Username, AccountChangeKind.Revoked);
        }

        return Task.CompletedTask;
    }

    private async Task EndLoginAsync(string clientId, string username, AccountChangeKind change)
    {
        var what = change == AccountChangeKind.Rotated ? "rotated" : "revoked";
        try
        {
            if (_server.IsStarted)
            {
                await _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions
                {
                    ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
                    ReasonString = $"the credential was {what}",
                });
                BrokerLog.LoginEnded(_logger, clientId, username, what);
            }
        }
        catch (InvalidOperationException)
        {
            // Not connected (any more, or not yet: then CheckConnectedAsync ends it once it is).
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            BrokerLog.LoginEndFailed(_logger, e, clientId, username, what);
        }
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        var topic = message.Topic ?? "";
        if (ReferenceEquals(args.SessionItems, _serverItems) && TelemetryTopics.TryParseAlerts(topic, out _, out _))
        {
            // The server's own alert: delivered to the subscribers as it is.
            return;
        }

        _clients.TryGetValue(args.ClientId, out var login);
        if (login is null || !TopicAccess.CanPublish(login.Identity, topic) || !TelemetryTopics.TryParse(topic, out var address))
        {
            await DenyAsync(args, login, topic);
            return;
        }

        var payload = message.Payload.IsSingleSegment ? message.Payload.First : message.Payload.ToArray();
        if (address.Channel == TopicChannel.Status)
        {
            await RecordStatusAsync(address, payload, args.CancellationToken);
            return;
        }

        // Readings are not state: a retained copy would be handed to every new subscriber again.
        message.Retain = false;
        var outcome = await _sink.IngestAsync(topic, payload, args.ClientId, args.CancellationToken);
        _readingsIngested.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        if (outcome == IngestOutcome.DeadLettered)
        {
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            args.Response.ReasonString = "dead-lettered: the message was kept but will never be stored as readings";
        }
        else if (!_options.ForwardReadings)
        {
            // Stored: that is the delivery. Said as Success, not as MQTTnet's NoMatchingSubscribers
            // (nobody subscribes in-process), which gateways read as "nobody took it, send again".
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.Success;
        }
    }

    private async Task DenyAsync(InterceptingPublishEventArgs args, Login? login, string topic)
    {
        var who = login?.Identity;
        args.ProcessPublish = false;
        args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        var detail = who is null
            ? $"client '{args.ClientId}' has no authenticated identity"
            : who.Kind == MqttAccountKind.Device
                ? $"device '{who.Device}' of {who.Facility}/{who.Site} may publish only on {who.ReadingsTopic} and {who.StatusTopic}"
                : $"service account '{who.Username}' may not publish";
        _publishesDenied.Add(1);
        BrokerLog.PublishDenied(_logger, args.ClientId, who?.Username, topic);
        var reason = who is null ? detail : TopicAccess.DecidePublish(who, topic).Reason;
        Audit(who, login?.Remote, Operation.Publish(Shorten(topic)).ToString(), $"client id {Shorten(args.ClientId)}", reason);
        await _deadLetters.AddAsync(
            new DeadLetter(_time.GetUtcNow(), topic, args.ClientId, RejectionReason.Unauthorised, $"topic: {detail}", args.ApplicationMessage.Payload.ToArray()),
            args.CancellationToken);
    }

    private async Task RecordStatusAsync(TopicAddress address, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_options.StatusReceived is not { } callback)
        {
            return;
        }

        try
        {
            await callback(address, payload, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            BrokerLog.StatusCallbackFailed(_logger, e, address.ToString());
        }
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        _clients.TryGetValue(args.ClientId, out var login);
        var who = login?.Identity;
        var filter = args.TopicFilter.Topic;
        if (who is null || !TopicAccess.CanSubscribe(who, filter))
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            _subscriptionsDenied.Add(1);
            BrokerLog.SubscriptionDenied(_logger, args.ClientId, who?.Username, filter);
        }

        return Task.CompletedTask;
    }

    /// <summary>Appends a refusal to the audit log, when there is one; a failing audit log is logged, never breaks the broker.</summary>
    private void Audit(MqttIdentity? who, string? remote, string operation, string target, string reason)
    {
        if (_audit is null)
        {
            return;
        }

        try
        {
            _audit.Append(who?.AuditName ?? AuditEntry.Anonymous, remote, operation, target, allowed: false, reason);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            BrokerLog.AuditFailed(_logger, e, operation);
        }
    }

    // Client-chosen text (topics, client ids, usernames) is cut at 256 characters before it is logged for good.
    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 256 ? text : string.Concat(text.AsSpan(0, 256), "…");

    /// <summary>An authenticated login on a client id: who, from where, and the registry change stamp it was checked at.</summary>
    private sealed record Login(MqttIdentity Identity, string? Remote, long Seen);
}
