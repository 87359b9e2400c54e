using Traceability.Events;

namespace Traceability.Storage;

/// <summary>An event as stored: the recorded fact, its EPCIS 2.0 rendering, its CBV 2.0 hash ID and its leaf in its facility's log.</summary>
public sealed record StoredEvent(RecordedEvent Recorded, string Epcis, string EventId, long LeafIndex);
