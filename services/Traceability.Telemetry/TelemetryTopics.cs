using System.Diagnostics.CodeAnalysis;

namespace Traceability.Telemetry;

/// <summary>What a topic carries.</summary>
public enum TopicChannel
{
    /// <summary><c>ocop/{facility}/{site}/{device}/readings</c>: a batch of readings (QoS 1).</summary>
    Readings,

    /// <summary><c>ocop/{facility}/{site}/{device}/status</c>: birth, last will and buffer state (retained).</summary>
    Status,
}

/// <summary>The device a topic belongs to, and what it carries.</summary>
public sealed record TopicAddress(string Facility, string Site, string Device, TopicChannel Channel)
{
    public override string ToString() => TelemetryTopics.Format(Facility, Site, Device, Channel);
}

/// <summary>
/// The topic tree: <c>ocop/{facility}/{site}/{device}/{readings|status}</c> from devices, and
/// <c>ocop/{facility}/{site}/alerts</c> from the platform (excursion alerts). Each identifier is
/// 1–64 characters of letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, so no identifier can
/// smuggle a level separator or a wildcard into a topic.
/// </summary>
public static class TelemetryTopics
{
    public const string Root = "ocop";

    private const string AlertsLevel = "alerts";

    /// <summary>The subscription filter for every device's readings.</summary>
    public const string ReadingsFilter = Root + "/+/+/+/readings";

    /// <summary>The subscription filter for every device's status.</summary>
    public const string StatusFilter = Root + "/+/+/+/status";

    /// <summary>The subscription filter for every site's alerts.</summary>
    public const string AlertsFilter = Root + "/+/+/alerts";

    /// <summary>The longest identifier a topic level may hold.</summary>
    public const int MaxIdLength = 64;

    public static string Readings(string facility, string site, string device) => Format(facility, site, device, TopicChannel.Readings);

    public static string Status(string facility, string site, string device) => Format(facility, site, device, TopicChannel.Status);

    /// <summary>The topic the platform publishes a site's alerts on (QoS 1, not retained): <c>ocop/{facility}/{site}/alerts</c>. Never a device topic.</summary>
    public static string Alerts(string facility, string site)
    {
        Require(facility, nameof(facility));
        Require(site, nameof(site));
        return $"{Root}/{facility}/{site}/{AlertsLevel}";
    }

    /// <summary>Parses a site's alerts topic (<see cref="Alerts"/>); false for any other topic.</summary>
    public static bool TryParseAlerts(string? topic, [NotNullWhen(true)] out string? facility, [NotNullWhen(true)] out string? site)
    {
        facility = null;
        site = null;
        var parts = topic?.Split('/');
        if (parts is not [Root, var f, var s, AlertsLevel] || !IsId(f) || !IsId(s))
        {
            return false;
        }

        (facility, site) = (f, s);
        return true;
    }

    /// <summary>An MQTT 5 shared subscription to <paramref name="filter"/>: the broker gives each message to one member of <paramref name="group"/>.</summary>
    public static string Shared(string group, string filter)
    {
        if (!IsId(group))
        {
            throw new ArgumentException($"'{group}' is not a valid share name.", nameof(group));
        }

        return $"$share/{group}/{filter}";
    }

    public static string Format(string facility, string site, string device, TopicChannel channel)
    {
        Require(facility, nameof(facility));
        Require(site, nameof(site));
        Require(device, nameof(device));
        return $"{Root}/{facility}/{site}/{device}/{Name(channel)}";
    }

    /// <summary>Parses a device topic; false for any other topic.</summary>
    public static bool TryParse(string? topic, [NotNullWhen(true)] out TopicAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(topic))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 5 || parts[0] != Root || !IsId(parts[1]) || !IsId(parts[2]) || !IsId(parts[3]))
        {
            return false;
        }

        TopicChannel channel;
        switch (parts[4])
        {
            case "readings":
                channel = TopicChannel.Readings;
                break;
            case "status":
                channel = TopicChannel.Status;
                break;
            default:
                return false;
        }

        address = new TopicAddress(parts[1], parts[2], parts[3], channel);
        return true;
    }

    /// <summary>Whether <paramref name="id"/> may be a level of a topic (and a device, site or facility id on the wire).</summary>
    public static bool IsId([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Require(string id, string name)
    {
        if (!IsId(id))
        {
            throw new ArgumentException($"'{id}' is not a valid topic identifier (1–{MaxIdLength} of A–Z a–z 0–9 . _ -).", name);
        }
    }

    private static string Name(TopicChannel channel) => channel switch
    {
        TopicChannel.Readings => "readings",
        TopicChannel.Status => "status",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };
}
