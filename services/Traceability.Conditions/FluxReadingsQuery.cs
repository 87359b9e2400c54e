using System.Globalization;
using System.Text;
using InfluxDB.Client.Core.Flux.Domain;

namespace Traceability.Conditions;

/// <summary>
/// The Flux query that reads a site's readings back from InfluxDB 2.x, and the conversion of the
/// tables it answers into <see cref="StoredReading"/>s. The query:
/// <code>
/// from(bucket: "{bucket}")
///   |> range(start: {since}, stop: {until})
///   |> filter(fn: (r) => r.site == "{site}" and r._field == "value")
/// </code>
/// with the bounds as RFC 3339 times in whole milliseconds (range is start-inclusive, stop-exclusive,
/// as <see cref="ITimeSeriesStore.ReadAsync"/>) and the strings escaped as Flux string literals
/// (backslash, double quote, <c>$</c> and control characters). Pure and thread-safe.
/// </summary>
public static class FluxReadingsQuery
{
    /// <summary>The Flux text for the readings of <paramref name="site"/> in [<paramref name="sinceMs"/>, <paramref name="untilMs"/>) Unix ms.</summary>
    public static string Build(string bucket, string site, long sinceMs, long untilMs)
    {
        var flux = new StringBuilder(256);
        flux.Append("from(bucket: ").Append(StringLiteral(bucket)).Append(")\n");
        flux.Append("  |> range(start: ").Append(TimeLiteral(sinceMs)).Append(", stop: ").Append(TimeLiteral(untilMs)).Append(")\n");
        flux.Append("  |> filter(fn: (r) => r.site == ").Append(StringLiteral(site))
            .Append(" and r._field == ").Append(StringLiteral(InfluxLineProtocol.ValueField)).Append(')');
        return flux.ToString();
    }

    /// <summary><paramref name="text"/> as a double-quoted Flux string literal.</summary>
    public static string StringLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': literal.Append(@"\\"); break;
                case '"': literal.Append("\\\""); break;
                case '$': literal.Append(@"\$"); break; // "${" would start an interpolation
                case '\n': literal.Append(@"\n"); break;
                case '\r': literal.Append(@"\r"); break;
                case '\t': literal.Append(@"\t"); break;
                default: literal.Append(c); break;
            }
        }

        return literal.Append('"').ToString();
    }

    /// <summary>A Flux time literal (RFC 3339, UTC, milliseconds) for <paramref name="unixMs"/>.</summary>
    public static string TimeLiteral(long unixMs) =>
        ReadingTime.FromUnixMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The readings in <paramref name="tables"/> (records of the <c>value</c> field; tags facility,
    /// site, device, sensor, unit; measurement = quantity), ordered and collapsed by <see cref="ReadingOrder"/>.
    /// </summary>
    public static List<StoredReading> ToReadings(IEnumerable<FluxTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var readings = new List<StoredReading>();
        foreach (var table in tables)
        {
            foreach (var record in table.Records)
            {
                if (record.GetField() != InfluxLineProtocol.ValueField)
                {
                    continue;
                }

                var time = record.GetTimeInDateTime()
                    ?? throw new FormatException("A Flux record without _time.");
                readings.Add(new StoredReading(
                    Tag(record, "facility"),
                    Tag(record, "site"),
                    Tag(record, "device"),
                    Tag(record, "sensor"),
                    record.GetMeasurement(),
                    Tag(record, "unit"),
                    Convert.ToDouble(record.GetValue(), CultureInfo.InvariantCulture),
                    ReadingTime.Truncate(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)))));
            }
        }

        return ReadingOrder.SortAndCollapse(readings);
    }

    private static string Tag(FluxRecord record, string key) =>
        record.GetValueByKey(key) as string ?? throw new FormatException($"A Flux record without the tag '{key}'.");
}
