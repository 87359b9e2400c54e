using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.Epcis;

/// <summary>
/// Finds the events of an EPCIS 2.0 JSON-LD document, in document order, ready to hash on their
/// own. Does not change the document. Thread-safe.
/// </summary>
public static class EpcisDocuments
{
    /// <summary>
    /// The events of <paramref name="document"/>: an EPCISDocument (<c>epcisBody.eventList</c>, or
    /// a single <c>epcisBody.event</c>), an EPCISQueryDocument
    /// (<c>epcisBody.queryResults.resultsBody.eventList</c>), a bare event, or a bare array of
    /// events. Each is a copy whose <c>@context</c> is the document's followed by the event's own,
    /// so that <see cref="EventHash.Compute"/> expands the document's CURIE prefixes.
    /// </summary>
    /// <exception cref="FormatException">The JSON is none of these.</exception>
    public static IReadOnlyList<JsonObject> Events(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        switch (document)
        {
            case JsonArray array:
                return [.. array.Select((item, index) => WithContext(AsEvent(item, $"item {index}"), null))];
            case JsonObject root when root["epcisBody"] is JsonObject body:
                var list = body["eventList"]
                    ?? body["queryResults"]?["resultsBody"]?["eventList"]
                    ?? (body["event"] is JsonNode single ? new JsonArray(single.DeepClone()) : null);
                if (list is not JsonArray events)
                {
                    throw new FormatException("The EPCIS document's epcisBody has no eventList, queryResults.resultsBody.eventList or event.");
                }
                return [.. events.Select((item, index) => WithContext(AsEvent(item, $"event {index}"), root["@context"]))];
            case JsonObject root when root.ContainsKey("type") && !root.ContainsKey("epcisBody"):
                return [WithContext(root, null)];
            default:
                throw new FormatException("The JSON is not an EPCIS 2.0 document, query document, event or array of events.");
        }
    }

    /// <summary>
    /// Parses EPCIS JSON as the reference implementation reads it: where an object repeats a key
    /// (some GS1 examples repeat <c>eventID</c>), the last value counts. Numbers keep their
    /// written form.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static JsonNode Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return ToNode(document.RootElement) ?? throw new JsonException("The JSON is null.");
    }

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new JsonObject();
                foreach (var member in element.EnumerateObject())
                {
                    members[member.Name] = ToNode(member.Value);
                }
                return members;
            case JsonValueKind.Array:
                return new JsonArray([.. element.EnumerateArray().Select(ToNode)]);
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static JsonObject AsEvent(JsonNode? item, string where) =>
        item as JsonObject ?? throw new FormatException($"The document's {where} is not a JSON object.");

    private static JsonObject WithContext(JsonObject epcisEvent, JsonNode? documentContext)
    {
        var copy = epcisEvent.DeepClone().AsObject();
        if (documentContext is null)
        {
            return copy;
        }
        var merged = new JsonArray();
        Add(merged, documentContext);
        Add(merged, copy["@context"]);
        copy["@context"] = merged;
        return copy;
    }

    private static void Add(JsonArray into, JsonNode? context)
    {
        if (context is JsonArray items)
        {
            foreach (var item in items)
            {
                into.Add(item?.DeepClone());
            }
        }
        else if (context is not null)
        {
            into.Add(context.DeepClone());
        }
    }
}
