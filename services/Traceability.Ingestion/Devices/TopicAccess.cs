using Traceability.Security.Policy;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// The topic ACL, the same for the embedded broker and for mosquitto's ACL file (<see cref="MosquittoFiles"/>):
/// a device publishes only <c>ocop/{its facility}/{its site}/{its device}/readings</c> and <c>/status</c>
/// (the platform's one rule, <see cref="AccessPolicy"/> on <see cref="Operation.Publish"/>, decides it) and subscribes to nothing; a service account subscribes to <c>ocop/+/+/+/readings</c> and
/// <c>ocop/+/+/+/status</c> (also as shared subscriptions, <c>$share/{group}/…</c>) and to the sites'
/// alerts (<c>ocop/+/+/alerts</c> or one site's <c>ocop/{facility}/{site}/alerts</c>), and publishes nothing:
/// in the embedded broker only the server itself publishes alerts (mosquitto's ACL lets the service
/// account write them, see <see cref="MosquittoFiles"/>). Pure and thread-safe.
/// </summary>
public static class TopicAccess
{
    private const string SharePrefix = "$share/";

    /// <summary>Whether <paramref name="who"/> may publish on <paramref name="topic"/>: the access policy's decision for a device; never for a service account.</summary>
    public static bool CanPublish(MqttIdentity who, string? topic) => DecidePublish(who, topic).Allowed;

    /// <summary>
    /// The access policy's decision on <paramref name="who"/> publishing on <paramref name="topic"/>, with its reason (for
    /// the audit log). A service account is denied here: in the embedded broker only the server itself publishes (alerts).
    /// </summary>
    public static Decision DecidePublish(MqttIdentity who, string? topic)
    {
        ArgumentNullException.ThrowIfNull(who);
        return who.Principal is { } device
            ? AccessPolicy.Decide(device, new Operation(OperationKind.PublishTelemetry, Topic: topic))
            : Decision.Deny($"service account '{who.Username}' may not publish: {AccessPolicy.WhoMay(Operation.Publish(topic ?? ""))}");
    }

    /// <summary>Whether <paramref name="who"/> may subscribe to <paramref name="filter"/>.</summary>
    public static bool CanSubscribe(MqttIdentity who, string? filter)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (who.Kind != MqttAccountKind.Service || filter is null)
        {
            return false;
        }

        if (filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var rest = filter[SharePrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 1 || !TelemetryTopics.IsId(rest[..slash]))
            {
                return false;
            }

            filter = rest[(slash + 1)..];
        }

        return filter is TelemetryTopics.ReadingsFilter or TelemetryTopics.StatusFilter or TelemetryTopics.AlertsFilter
            || TelemetryTopics.TryParseAlerts(filter, out _, out _);
    }
}
