using Traceability.Security.Principals;

namespace Traceability.Security.Policy;

/// <summary>
/// What an interface entry point (a gRPC method, an HTTP route) asks of the policy, before the
/// facility is known: the kind, the record kind for a capture, and where the facility comes from.
/// </summary>
public sealed record OperationTemplate(OperationKind Kind, RecordKind? Record = null, FacilitySource Facility = FacilitySource.None)
{
    /// <summary>The operation for one request, once the caller has resolved the facility (and where it is) as <see cref="Facility"/> says.</summary>
    public Operation Bind(string? facilityId = null, Region? facilityRegion = null, string? topic = null) =>
        new(Kind, Record, facilityId, facilityRegion, topic);
}
