using Traceability.Events;

namespace Traceability.Storage;

/// <summary>An event as stored: the recorded fact and its EPCIS 2.0 rendering.</summary>
public sealed record StoredEvent(RecordedEvent Recorded, string Epcis);
