using System.Globalization;
using System.Text.Json;
using Traceability.Conditions;

namespace Traceability.IntegrationTests.Embedded;

/// <summary>The ingestion's HTTP/JSON endpoints, read the way an operator's script would.</summary>
internal static class PlatformApi
{
    /// <summary>Every reading of <paramref name="site"/> in [from, to); fails if the answer was truncated.</summary>
    public static async Task<IReadOnlyList<StoredReading>> SiteReadingsAsync(this HttpClient http, string site, DateTimeOffset from, DateTimeOffset to)
    {
        var path = $"/v1/sites/{Uri.EscapeDataString(site)}/readings?from={Iso(from)}&to={Iso(to)}&limit=100000";
        using var json = await http.GetJsonAsync(path);
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("truncated", out var truncated) && truncated.GetBoolean(), $"{path} was truncated");
        return Parse(root);
    }

    /// <summary>Every reading of <paramref name="site"/> in [from, to), asked page by page (each from the last one's time).</summary>
    public static async Task<IReadOnlyList<StoredReading>> AllSiteReadingsAsync(this HttpClient http, string site, DateTimeOffset from, DateTimeOffset to)
    {
        var all = new Dictionary<(string, string, string, DateTimeOffset), StoredReading>();
        while (true)
        {
            var path = $"/v1/sites/{Uri.EscapeDataString(site)}/readings?from={Iso(from)}&to={Iso(to)}&limit=100000";
            using var json = await http.GetJsonAsync(path);
            var page = Parse(json.RootElement);
            foreach (var r in page)
            {
                all[(r.Device, r.Sensor, r.Quantity, r.At)] = r;
            }

            if (!(json.RootElement.TryGetProperty("truncated", out var truncated) && truncated.GetBoolean()))
            {
                return [.. all.Values];
            }

            Assert.True(page[^1].At > from, $"{path}: a whole page at one instant");
            from = page[^1].At;
        }
    }

    public static async Task<IngestionStatusView> IngestionStatusAsync(this HttpClient http)
    {
        using var json = await http.GetJsonAsync("/v1/ingestion/status");
        var root = json.RootElement;
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        if (root.TryGetProperty("deadLettersByReason", out var reasons))
        {
            foreach (var reason in reasons.EnumerateObject())
            {
                byReason[reason.Name] = Int64(reason.Value);
            }
        }

        return new IngestionStatusView(
            Text(root, "broker"),
            Text(root, "store"),
            Int64(root, "messagesStored"),
            Int64(root, "readingsStored"),
            Int64(root, "duplicates"),
            Int64(root, "deadLettered"),
            byReason,
            Int64(root, "openWindows"));
    }

    /// <summary>Every dead letter kept, oldest first (paged by id).</summary>
    public static async Task<IReadOnlyList<DeadLetterView>> DeadLettersAsync(this HttpClient http)
    {
        var letters = new List<DeadLetterView>();
        while (true)
        {
            var after = letters.Count == 0 ? 0 : letters[^1].Id;
            using var json = await http.GetJsonAsync($"/v1/ingestion/dead-letters?afterId={after}&limit=1000");
            if (!json.RootElement.TryGetProperty("deadLetters", out var page) || page.GetArrayLength() == 0)
            {
                return letters;
            }

            foreach (var l in page.EnumerateArray())
            {
                letters.Add(new DeadLetterView(
                    Int64(l, "id"),
                    Text(l, "topic"),
                    Text(l, "clientId"),
                    Text(l, "reason"),
                    Text(l, "detail"),
                    l.TryGetProperty("payload", out var payload) ? payload.GetBytesFromBase64() : []));
            }
        }
    }

    /// <summary>The size of every facility's ledger log.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> LedgerLogSizesAsync(this HttpClient http)
    {
        using var json = await http.GetJsonAsync("/v1/ledger/logs");
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (json.RootElement.TryGetProperty("logs", out var logs))
        {
            foreach (var log in logs.EnumerateArray())
            {
                sizes[Text(log, "facilityId")] = Int64(log, "size");
            }
        }

        return sizes;
    }

    public static async Task<JsonDocument> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";

    /// <summary>A proto3 int64 in JSON: a number or a string, absent when 0.</summary>
    private static long Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Int64(value) : 0;

    private static long Int64(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64();

    private static List<StoredReading> Parse(JsonElement root)
    {
        var readings = new List<StoredReading>();
        if (root.TryGetProperty("readings", out var list))
        {
            foreach (var r in list.EnumerateArray())
            {
                readings.Add(new StoredReading(
                    Text(r, "facilityId"),
                    Text(r, "siteId"),
                    Text(r, "device"),
                    Text(r, "sensor"),
                    Text(r, "quantity"),
                    Text(r, "unit"),
                    r.TryGetProperty("value", out var value) ? value.GetDouble() : 0, // proto3 JSON may omit a default 0
                    DateTimeOffset.Parse(Text(r, "at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime()));
            }
        }

        return readings;
    }
}
