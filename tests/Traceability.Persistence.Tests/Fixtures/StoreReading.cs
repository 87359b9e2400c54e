using Traceability.Events;
using Traceability.Storage;

namespace Traceability.Persistence.Tests.Fixtures;

/// <summary>Reads a store back in full, as an inspector's export would.</summary>
internal static class StoreReading
{
    public static async Task<List<StoredEvent>> AllAsync(this IEventStore store, long afterSequence = 0)
    {
        var events = new List<StoredEvent>();
        await foreach (var stored in store.ReadAllAsync(afterSequence))
        {
            events.Add(stored);
        }

        return events;
    }

    public static async Task<List<RecordedEvent>> StreamAsync(this IEventStore store, RecordKey stream, long afterSequence = 0)
    {
        var events = new List<RecordedEvent>();
        await foreach (var recorded in store.ReadStreamAsync(stream, afterSequence))
        {
            events.Add(recorded);
        }

        return events;
    }

    /// <summary>The one JSON form of a fact; records holding arrays do not compare by value.</summary>
    public static string Json(this FacilityEvent fact) => EventJson.Serialize(fact);
}
