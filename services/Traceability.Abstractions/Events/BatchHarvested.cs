using System.Text.Json.Serialization;
using Traceability.Disclosure;

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
    /// <summary>Whether the harvester's name is published or withheld (null: recorded before the choice existed, shown in clear).</summary>
    [Id(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FieldDisclosure? HarvesterDisclosure { get; init; }

    public override IEnumerable<RecordKey> Creates() => [new(RecordKind.Batch, BatchId)];

    public override IEnumerable<RecordKey> Touches() =>
        [new(RecordKind.Facility, FacilityId), .. Creates(), new(RecordKind.Area, AreaCode)];
}
