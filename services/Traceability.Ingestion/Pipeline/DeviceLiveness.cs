using System.Collections.Concurrent;
using Traceability.Telemetry;

namespace Traceability.Ingestion.Pipeline;

/// <summary>A device's last word on its status topic, as the platform received it.</summary>
public sealed record DeviceLivenessEntry(string Facility, string Site, string Device, string State, DateTimeOffset At, long Buffered, long Dropped, DateTimeOffset ReceivedAt);

/// <summary>
/// Which gateways are online: the latest status (birth, last will, clean stop) each device
/// published on <c>ocop/{facility}/{site}/{device}/status</c>. Status messages are retained by the
/// broker, so after a restart the platform hears each device's last status again at once; the
/// map is therefore kept in memory. A status that does not parse, or speaks for another device than
/// its topic, is ignored. Thread-safe.
/// </summary>
public sealed class DeviceLiveness(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DeviceLivenessEntry> _devices = new(StringComparer.Ordinal);

    /// <summary>Records a status message; false when it is not one.</summary>
    public bool Record(TopicAddress topic, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        DeviceStatus? status;
        try
        {
            status = ReadingsPayload.ParseStatus(payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        if (topic.Channel != TopicChannel.Status || status is null || status.Device != topic.Device || status.State is not (DeviceStatus.Online or DeviceStatus.Offline))
        {
            return false;
        }

        var entry = new DeviceLivenessEntry(topic.Facility, topic.Site, topic.Device, status.State, status.At, status.Buffered, status.Dropped, time.GetUtcNow());
        _devices.AddOrUpdate(topic.Device, entry, (_, known) => known.At > entry.At ? known : entry);
        return true;
    }

    /// <summary>Every device heard of, by facility, site and device id; of one site when <paramref name="site"/> is given.</summary>
    public IReadOnlyList<DeviceLivenessEntry> List(string? site = null) =>
    [
        .. _devices.Values
            .Where(d => site is null || d.Site == site)
            .OrderBy(d => d.Facility, StringComparer.Ordinal)
            .ThenBy(d => d.Site, StringComparer.Ordinal)
            .ThenBy(d => d.Device, StringComparer.Ordinal),
    ];
}
