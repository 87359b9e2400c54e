using MQTTnet;
using MQTTnet.Protocol;

namespace Traceability.Ingestion.Alerts;

/// <summary>
/// Publishes alerts on the broker the server uses: the embedded broker injects them itself; with an
/// external broker they go through the subscriber's connection (its login may write
/// <c>ocop/+/+/alerts</c>). QoS 1, not retained. Best effort: false when the broker did not take the
/// message (not connected, refused); nothing is kept for later. Thread-safe.
/// </summary>
public interface IMqttAlertPublisher
{
    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/>; whether the broker took it.</summary>
    Task<bool> PublishAlertAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>The message every publisher sends for <paramref name="payload"/> on <paramref name="topic"/>: QoS 1, not retained.</summary>
    static MqttApplicationMessage AlertMessage(string topic, ReadOnlyMemory<byte> payload) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(false)
            .Build();
}
