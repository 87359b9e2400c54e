namespace Traceability.Events;

/// <summary>
/// Packaged units carrying one GTIN and lot code are made from quantities of input batches.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LotPacked(
    string FacilityId,
    string Gtin,
    string LotCode,
    string SiteId,
    int UnitCount,
    long NetMassPerUnitGrams,
    DateOnly ProducedOn,
    DateOnly ExpiresOn,
    Traceability.Domain.BatchPortion[] Inputs) : FacilityEvent
{
    /// <summary>The lot's key: GTIN-14 and lot code, as in a GS1 Digital Link path.</summary>
    public string LotKey => LotKeys.Of(Gtin, LotCode);

    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Lot, LotKey)];

    public override IEnumerable<RecordKey> Touches() =>
    [
        new(RecordKind.Facility, FacilityId),
        .. Creates(),
        .. Inputs.Select(i => new RecordKey(RecordKind.Batch, i.BatchId)),
        new(RecordKind.Product, Gtin),
        new(RecordKind.Site, SiteId),
    ];
}
