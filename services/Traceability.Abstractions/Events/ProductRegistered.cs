namespace Traceability.Events;

/// <summary>An OCOP product, identified by its GTIN, is registered by its brand owner.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductRegistered(
    string FacilityId,
    string Gtin,
    string NameVi,
    string NameEn,
    int OcopStars) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Product, Gtin)];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId), .. Creates()];
}
