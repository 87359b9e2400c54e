using Traceability.Events;

namespace Traceability.Abstractions.Tests.Fixtures;

/// <summary>An event type the capture rules were not written for (say, a future device reading).</summary>
internal sealed record UnknownFacilityEvent(string FacilityId) : FacilityEvent
{
    public override IEnumerable<RecordKey> Creates() => [];

    public override IEnumerable<RecordKey> Touches() => [new(RecordKind.Facility, FacilityId)];
}
