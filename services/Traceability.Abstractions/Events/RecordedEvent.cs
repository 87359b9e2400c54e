namespace Traceability.Events;

/// <summary>An event as the store acknowledged it: its global position and the time it was recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordedEvent(long Sequence, DateTimeOffset RecordedAt, FacilityEvent Event);
