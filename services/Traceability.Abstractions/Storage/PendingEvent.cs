using Traceability.Events;

namespace Traceability.Storage;

/// <summary>An event checked by its facility and waiting to be made durable.</summary>
/// <param name="Event">The fact.</param>
/// <param name="RecordedAt">The platform's time of recording.</param>
/// <param name="Epcis">The fact rendered as an EPCIS 2.0 JSON-LD event, kept unchanged for interchange.</param>
/// <param name="EventId">The GS1 CBV 2.0 hash ID of <paramref name="Epcis"/> (<c>ni:///sha-256;…?ver=CBV2.0</c>): its leaf in the facility's log.</param>
public sealed record PendingEvent(FacilityEvent Event, DateTimeOffset RecordedAt, string Epcis, string EventId);
