using Traceability.Domain;

namespace Traceability.Events;

/// <summary>A facility registers one of its drying, processing, storage or sale sites.</summary>
[GenerateSerializer, Immutable]
public sealed record SiteRegistered(
    string FacilityId,
    string SiteId,
    SiteKind Kind,
    string Name,
    string Commune,
    GeoPoint? Location) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Site, SiteId)];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), .. Creates()];
}
