using System.Text.Json;
using System.Text.Json.Serialization;

namespace Traceability.Events;

/// <summary>
/// The one JSON form of domain events, used by the event store and to compare a repeated request
/// with the record it repeats. Thread-safe.
/// </summary>
public static class EventJson
{
    /// <summary>Serializer options for events: camelCase, enums as names.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static string Serialize(FacilityEvent e) => JsonSerializer.Serialize(e, Options);

    public static FacilityEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<FacilityEvent>(json, Options) ?? throw new JsonException("Event body is null.");

    /// <summary>True when both events say exactly the same thing.</summary>
    public static bool SameFact(FacilityEvent a, FacilityEvent b) => Serialize(a) == Serialize(b);
}
