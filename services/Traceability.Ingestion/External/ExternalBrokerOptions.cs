namespace Traceability.Ingestion.External;

/// <summary>How the platform's subscriber reaches an external broker (cluster mode, section <c>Mqtt</c>).</summary>
public sealed record ExternalBrokerOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The subscriber's MQTT client id: stable per server instance, so the broker keeps its session (and its unacknowledged messages) across restarts.</summary>
    public required string ClientId { get; init; }

    /// <summary>The MQTT 5 shared-subscription group that server instances split the readings in; null subscribes alone.</summary>
    public string? SharedGroup { get; init; } = "traceability";

    /// <summary>Messages the broker may have in flight to this subscriber (MQTT 5 Receive Maximum).</summary>
    public ushort ReceiveMaximum { get; init; } = 2000;
}
