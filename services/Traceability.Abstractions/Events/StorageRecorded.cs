namespace Traceability.Events;

/// <summary>
/// A storage period: batches and packaged lots of a facility were held at one of its sites from
/// <see cref="StartedAt"/> to <see cref="EndedAt"/> (an EPCIS ObjectEvent, bizStep <c>storing</c>).
/// The site's readings in that window are the conditions those goods went through.
/// </summary>
/// <param name="FacilityId">The facility that held the goods.</param>
/// <param name="StorageId">The natural key of the record, chosen by the facility.</param>
/// <param name="SiteId">The site where they were held (one of the facility's).</param>
/// <param name="StartedAt">When they were put in.</param>
/// <param name="EndedAt">When they were taken out.</param>
/// <param name="BatchIds">The batches held (may be empty when <paramref name="LotKeys"/> is not).</param>
/// <param name="LotKeys">The lots held, as <c>{gtin14}/{lot}</c> (see <see cref="LotKeys"/>).</param>
[GenerateSerializer, Immutable]
public sealed record StorageRecorded(
    string FacilityId,
    string StorageId,
    string SiteId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string[] BatchIds,
    string[] LotKeys) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Storage, StorageId)];

    public override IEnumerable<RecordKey> Touches() =>
    [
        new(RecordKind.Facility, FacilityId),
        .. Creates(),
        .. BatchIds.Select(b => new RecordKey(RecordKind.Batch, b)),
        .. LotKeys.Select(l => new RecordKey(RecordKind.Lot, l)),
        new(RecordKind.Site, SiteId),
    ];
}
