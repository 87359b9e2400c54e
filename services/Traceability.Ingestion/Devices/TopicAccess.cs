using Traceability.Telemetry;

namespace Traceability.Ingestion.Devices;

/// <summary>
/// The topic ACL, the same for the embedded broker and for mosquitto's ACL file (<see cref="MosquittoFiles"/>):
/// a device publishes only <c>ocop/{its facility}/{its site}/{its device}/readings</c> and <c>/status</c>
/// and subscribes to nothing; a service account subscribes to <c>ocop/+/+/+/readings</c> and
/// <c>ocop/+/+/+/status</c> (also as shared subscriptions, <c>$share/{group}/…</c>) and to the sites'
/// alerts (<c>ocop/+/+/alerts</c> or one site's <c>ocop/{facility}/{site}/alerts</c>), and publishes nothing:
/// in the embedded broker only the server itself publishes alerts (mosquitto's ACL lets the service
/// account write them, see <see cref="MosquittoFiles"/>). Pure and thread-safe.
/// </summary>
public static class TopicAccess
{
    private const string SharePrefix = "$share/";

    /// <summary>Whether <paramref name="who"/> may publish on <paramref name="topic"/>.</summary>
    public static bool CanPublish(MqttIdentity who, string? topic)
    {
        ArgumentNullException.ThrowIfNull(who);
        return who.Kind == MqttAccountKind.Device
            && TelemetryTopics.TryParse(topic, out var address)
            && address.Facility == who.Facility
            && address.Site == who.Site
            && address.Device == who.Device;
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
