using System.ComponentModel.DataAnnotations;

namespace Traceability.Server;

/// <summary>How readings arrive over MQTT (section <c>Mqtt</c>).</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>
    /// <c>embedded</c> (default): the server runs its own broker (MQTTnet) on 127.0.0.1:<see cref="Port"/>,
    /// checks each device's credentials and topics against the registry and acknowledges a message
    /// only once it is stored. <c>external</c>: the server subscribes to the broker at
    /// <see cref="Host"/>:<see cref="Port"/> (mosquitto, EMQX) with a shared subscription.
    /// </summary>
    [RegularExpression("^(embedded|external)$", ErrorMessage = "Mqtt:Mode must be 'embedded' or 'external'.")]
    public string Mode { get; set; } = "embedded";

    /// <summary>The embedded broker's port (on 127.0.0.1; 0 picks a free one), or the external broker's port. Setting <c>Mqtt__Port</c>.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>The external broker's host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The subscriber's login at the external broker; empty uses the registry's service account (its password file in the data folder).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The subscriber's client id at the external broker: stable per server instance, so its session survives restarts. Default: traceability-ingestion-{machine name}.</summary>
    public string? ClientId { get; set; }

    /// <summary>The MQTT 5 shared-subscription group the server instances split readings in; empty subscribes alone.</summary>
    public string? SharedGroup { get; set; } = "traceability";
}
