using System.Globalization;
using System.Text.Json;

namespace Traceability.IntegrationTests.External;

/// <summary>The counters of <c>GET /v1/ingestion/status</c> (since the server process started).</summary>
internal sealed record IngestionCounters(string Broker, string Store, long MessagesStored, long ReadingsStored, long Duplicates, long DeadLettered)
{
    public static IngestionCounters Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new IngestionCounters(
            Text(root, "broker"),
            Text(root, "store"),
            Number(root, "messagesStored"),
            Number(root, "readingsStored"),
            Number(root, "duplicates"),
            Number(root, "deadLettered"));
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>An int64 field: a number, or a string as proto3 JSON may write it; absent is its default, 0.</summary>
    private static long Number(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? 0
        : value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture)
        : value.GetInt64();
}
