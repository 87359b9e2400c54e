using Microsoft.Extensions.Options;
using Traceability.Ingestion;
using Traceability.Ingestion.Alerts;
using Traceability.Ingestion.Broker;
using Traceability.Ingestion.Devices;
using Traceability.Ingestion.Pipeline;
using Traceability.Security.Audit;

namespace Traceability.Server;

/// <summary>
/// Runs the embedded MQTT broker for the server's lifetime, on 127.0.0.1 and the port of
/// <c>Mqtt:Port</c> (0 picks a free one), and prints where it listens. It starts before the
/// HTTP endpoints and stops before the pipeline is disposed, so no message is acknowledged by a
/// broker whose pipeline is gone. The server's alerts are published through it. Refused CONNECTs and PUBLISHes go to
/// the <see cref="AuditLog"/> when the host registers one (the server does, from <c>security.db</c>).
/// </summary>
public sealed class EmbeddedBrokerHost(
    IOptions<MqttOptions> options,
    DeviceRegistry registry,
    IReadingsSink sink,
    IDeadLetterStore deadLetters,
    DeviceLiveness liveness,
    TimeProvider time,
    ILogger<EmbeddedBroker> logger,
    AuditLog? audit = null) : IHostedService, IAsyncDisposable, IMqttAlertPublisher
{
    private readonly EmbeddedBroker _broker = new(
        new EmbeddedBrokerOptions
        {
            Port = options.Value.Port,
            StatusReceived = (topic, payload, _) =>
            {
                liveness.Record(topic, payload.Span);
                return ValueTask.CompletedTask;
            },
        },
        registry,
        sink,
        deadLetters,
        time,
        logger,
        audit);

    /// <summary>The port the broker listens on, once started.</summary>
    public int Port => _broker.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _broker.StartAsync();
        Console.WriteLine($"Listening on mqtt://127.0.0.1:{_broker.Port} for MQTT (embedded broker; device logins from the registry)");
    }

    public Task StopAsync(CancellationToken cancellationToken) => _broker.StopAsync();

    public Task<bool> PublishAlertAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _broker.PublishAlertAsync(topic, payload, cancellationToken);

    public ValueTask DisposeAsync() => _broker.DisposeAsync();
}
