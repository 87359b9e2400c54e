using System.Net;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Broker;

/// <summary>How the embedded broker listens. Every setting has a working default for the embedded (single-node) mode.</summary>
public sealed record EmbeddedBrokerOptions
{
    /// <summary>The address to listen on (default 127.0.0.1: devices reach it through a gateway or tunnel on the same host).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one (read it from <see cref="EmbeddedBroker.Port"/> after start). Default 1883.</summary>
    public int Port { get; init; } = 1883;

    /// <summary>QoS 1 messages kept per subscriber session (also while it is offline with a persistent session); the oldest are dropped beyond.</summary>
    public int MaxPendingMessagesPerClient { get; init; } = 10_000;

    /// <summary>
    /// Whether stored readings are also delivered to the broker's subscribers (a live view, the
    /// benchmark's counting subscriber). Off by default: the PUBACK then says <c>Success</c>; on,
    /// it is MQTTnet's own (<c>NoMatchingSubscribers</c> when nobody subscribes).
    /// </summary>
    public bool ForwardReadings { get; init; }

    /// <summary>
    /// Called for every permitted status message (birth, last will, buffer state) before it is acknowledged and
    /// retained, e.g. to record liveness; null to pass status messages through untouched. Its exceptions are
    /// logged, never refuse the message.
    /// </summary>
    public Func<TopicAddress, ReadOnlyMemory<byte>, CancellationToken, ValueTask>? StatusReceived { get; init; }
}
