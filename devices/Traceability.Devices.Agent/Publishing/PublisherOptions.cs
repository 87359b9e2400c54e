namespace Traceability.Devices.Agent.Publishing;

/// <summary>Where and how a device publishes. Every setting but the broker and the device's identity has a working default.</summary>
public sealed record PublisherOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public required string Facility { get; init; }

    public required string Site { get; init; }

    public required string Device { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The MQTT client id; the device id when not set. It names the broker's session for the device.</summary>
    public string? ClientId { get; init; }

    /// <summary>
    /// Messages published and not yet acknowledged, at most (MQTT 5 flow control; the broker's
    /// own receive maximum lowers it). More in flight hides the round trip; the order on the
    /// wire stays the sequence order. Default 16.
    /// </summary>
    public int MaxInFlight { get; init; } = 16;

    /// <summary>How long the broker keeps the device's session after a disconnect. Default one day.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting, and the final offline status at shutdown, may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a lost connection or a refusal; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a refusal by the broker (bad credentials at connect, or a PUBACK with an error
    /// reason code) ends <see cref="Publisher.RunAsync"/> with a <see cref="PublishRefusedException"/>.
    /// False for the agent in the field (it retries forever with backoff: an operator fixes the
    /// broker's ACL and the readings then go); true for the simulator's one-shot <c>publish</c>.
    /// </summary>
    public bool StopOnRefusal { get; init; }

    /// <summary>The topic readings go to.</summary>
    public string ReadingsTopic => Telemetry.TelemetryTopics.Readings(Facility, Site, Device);

    /// <summary>The topic of the device's retained status (birth and last will).</summary>
    public string StatusTopic => Telemetry.TelemetryTopics.Status(Facility, Site, Device);
}
