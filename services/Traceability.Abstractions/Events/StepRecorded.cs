using System.Text.Json.Serialization;
using Traceability.Disclosure;
using Traceability.Domain;

namespace Traceability.Events;

/// <summary>
/// A processing step: at a site, over a time window, an operator transforms quantities of input
/// batches into new output batches (an EPCIS TransformationEvent).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StepRecorded(
    string FacilityId,
    string StepId,
    string SiteId,
    StepKind Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Operator,
    BatchPortion[] Inputs,
    BatchOutput[] Outputs) : FacilityEvent
{
    /// <summary>Whether the operator's name is published or withheld (null: recorded before the choice existed, shown in clear).</summary>
    [Id(9)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FieldDisclosure? OperatorDisclosure { get; init; }

    public override IEnumerable<RecordKey> Creates() =>
        [new(RecordKind.Step, StepId), .. Outputs.Select(o => new RecordKey(RecordKind.Batch, o.BatchId))];

    public override IEnumerable<RecordKey> Touches() =>
    [
        new(RecordKind.Facility, FacilityId),
        .. Creates(),
        .. Inputs.Select(i => new RecordKey(RecordKind.Batch, i.BatchId)),
        new(RecordKind.Site, SiteId),
    ];
}
