using Traceability.Events;

namespace Traceability.Views;

/// <summary>A registered record (facility, site, area, product, step or lot) with when it was recorded.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordView<TEvent>(TEvent Record, long Sequence, DateTimeOffset RecordedAt)
    where TEvent : FacilityEvent;
