using Traceability.Security.Principals;

namespace Traceability.Security.Policy;

/// <summary>
/// One request, as the policy sees it: what kind of thing, on which facility (taken from the
/// route or from the record's owner, never from a request body), where that facility is (for
/// inspectors' scopes), and the topic for a publish. Build one with the factories.
/// </summary>
public sealed record Operation(
    OperationKind Kind,
    RecordKind? Record = null,
    string? FacilityId = null,
    Region? FacilityRegion = null,
    string? Topic = null)
{
    public static Operation Health() => new(OperationKind.Health);

    public static Operation PublicTrace() => new(OperationKind.PublicTrace);

    public static Operation RegisterFacility() => new(OperationKind.RegisterFacility);

    public static Operation Capture(RecordKind record, string facilityId) => new(OperationKind.Capture, record, facilityId);

    public static Operation ReadFacility(string facilityId, Region? facilityRegion) => new(OperationKind.ReadFacility, FacilityId: facilityId, FacilityRegion: facilityRegion);

    public static Operation ReadPlatform() => new(OperationKind.ReadPlatform);

    public static Operation ReadReference() => new(OperationKind.ReadReference);

    public static Operation ChangeConditionProfile() => new(OperationKind.ChangeConditionProfile);

    public static Operation WriteInspectionNote(string facilityId, Region? facilityRegion) => new(OperationKind.WriteInspectionNote, FacilityId: facilityId, FacilityRegion: facilityRegion);

    public static Operation ManageDevices() => new(OperationKind.ManageDevices);

    public static Operation ManageKeys() => new(OperationKind.ManageKeys);

    public static Operation OperateLedger() => new(OperationKind.OperateLedger);

    public static Operation Publish(string topic) => new(OperationKind.PublishTelemetry, Topic: topic);

    /// <summary>How the audit log names the operation: the kind, the record kind, the facility or topic.</summary>
    public override string ToString() => Kind switch
    {
        OperationKind.Capture => $"capture {Record} of {FacilityId}",
        OperationKind.ReadFacility or OperationKind.WriteInspectionNote => $"{Kind} of {FacilityId}",
        OperationKind.PublishTelemetry => $"publish on {Topic}",
        _ => Kind.ToString(),
    };
}
