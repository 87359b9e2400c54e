using Traceability.Domain;

namespace Traceability.Events;

/// <summary>An OCOP subject joins the platform.</summary>
[GenerateSerializer, Immutable]
public sealed record FacilityRegistered(
    string FacilityId,
    FacilityKind Kind,
    string Name,
    string Address,
    string Commune,
    string District,
    string Province) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Facility, FacilityId)];

    public override IEnumerable<RecordKey> Touches() => Creates();
}
