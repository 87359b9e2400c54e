using Traceability.Domain;

namespace Traceability.Events;

/// <summary>A raw-material area (vùng nguyên liệu) is registered by the facility that sources from it.</summary>
[GenerateSerializer, Immutable]
public sealed record AreaRegistered(
    string FacilityId,
    string AreaCode,
    string Name,
    string Commune,
    string District,
    string Province,
    GeoPoint[] Boundary,
    string[] Species,
    Certification[] Certifications,
    string Owner) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Area, AreaCode)];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), .. Creates()];
}
