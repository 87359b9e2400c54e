using System.Globalization;
using System.Text.Json;

namespace Traceability.Devices.Simulator;

/// <summary>A reading as the platform's query API returns it.</summary>
public sealed record StoredReading(string Device, string Sensor, string Quantity, string Unit, double Value, DateTimeOffset At);

/// <summary>
/// Reads the answer of <c>GET /v1/sites/{siteId}/readings?from=…&amp;to=…</c>. The only place that
/// knows its shape, assumed to be <c>{"readings":[{"device","sensor","quantity","unit","value","at"}]}</c>:
/// adapt here if the API answers otherwise.
/// </summary>
public static class StoredReadings
{
    /// <summary>The query's URL for the readings of <paramref name="site"/> between two times (UTC, ISO 8601).</summary>
    public static Uri Query(Uri server, string site, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(server);
        var baseUrl = server.ToString().TrimEnd('/');
        return new Uri($"{baseUrl}/v1/sites/{Uri.EscapeDataString(site)}/readings?from={Iso(from)}&to={Iso(to)}");
    }

    /// <summary>Parses the answer; readings missing a field are skipped.</summary>
    public static IReadOnlyList<StoredReading> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("readings", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var readings = new List<StoredReading>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (Text(item, "device") is { } device && Text(item, "sensor") is { } sensor
                && item.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number
                && item.TryGetProperty("at", out var at) && at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var time))
            {
                readings.Add(new StoredReading(device, sensor, Text(item, "quantity") ?? "", Text(item, "unit") ?? "", value.GetDouble(), time));
            }
        }

        return readings;
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
