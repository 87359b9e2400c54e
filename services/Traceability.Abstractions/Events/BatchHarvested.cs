namespace Traceability.Events;

/// <summary>A raw-material batch is harvested from one area at one time.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchHarvested(
    string FacilityId,
    string BatchId,
    string AreaCode,
    string Species,
    long MassGrams,
    DateTimeOffset HarvestedAt,
    string Harvester) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Batch, BatchId)];

    public override IEnumerable<RecordKey> Touches() =>
        [new(RecordKind.Facility, FacilityId), .. Creates(), new(RecordKind.Area, AreaCode)];
}
