using System.Globalization;
using System.Text;

namespace Traceability.Conditions;

/// <summary>
/// Readings as InfluxDB line protocol, one line per reading:
/// <c>{quantity},device={device},facility={facility},sensor={sensor},site={site},unit={unit} value={value} {unix ms}</c>
/// — measurement = quantity, the five tags in key order (as InfluxDB prefers), one float field
/// <c>value</c> (shortest round-trip form, never an integer suffix) and the time in milliseconds
/// (write precision <c>ms</c>, truncated as <see cref="ReadingTime"/> says). Commas, equals signs and
/// spaces in names are escaped with a backslash, although valid ids hold none. Pure and thread-safe.
/// </summary>
public static class InfluxLineProtocol
{
    /// <summary>The field holding the reading's value.</summary>
    public const string ValueField = "value";

    /// <summary>The body for <paramref name="readings"/>: their lines joined by <c>\n</c>, no trailing newline.</summary>
    public static string Format(IReadOnlyList<StoredReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var body = new StringBuilder(readings.Count * 110);
        for (var i = 0; i < readings.Count; i++)
        {
            if (i > 0)
            {
                body.Append('\n');
            }

            Append(body, readings[i]);
        }

        return body.ToString();
    }

    /// <summary>Appends the line of <paramref name="reading"/> (without a newline) to <paramref name="body"/>.</summary>
    public static void Append(StringBuilder body, StoredReading reading)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(reading);
        Escape(body, reading.Quantity, measurement: true);
        Tag(body, "device", reading.Device);
        Tag(body, "facility", reading.Facility);
        Tag(body, "sensor", reading.Sensor);
        Tag(body, "site", reading.Site);
        Tag(body, "unit", reading.Unit);
        body.Append(' ').Append(ValueField).Append('=')
            .Append(reading.Value.ToString("R", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(ReadingTime.ToUnixMilliseconds(reading.At).ToString(CultureInfo.InvariantCulture));
    }

    private static void Tag(StringBuilder body, string key, string value)
    {
        body.Append(',').Append(key).Append('=');
        Escape(body, value, measurement: false);
    }

    private static void Escape(StringBuilder body, string text, bool measurement)
    {
        foreach (var c in text)
        {
            if (c is ',' or ' ' || (c == '=' && !measurement))
            {
                body.Append('\\');
            }

            body.Append(c);
        }
    }
}
