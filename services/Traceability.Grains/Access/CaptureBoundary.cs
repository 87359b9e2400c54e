using Traceability.Events;
using Traceability.Security.Policy;
using Traceability.Security.Principals;
using SecurityRecordKind = Traceability.Security.Policy.RecordKind;

namespace Traceability.Grains.Access;

/// <summary>
/// The access policy again at the grain boundary, where records are written: a capture that
/// comes from an API request (<see cref="CallerContext"/>) is checked with
/// <see cref="AccessPolicy"/> against the facility of the grain that writes it, so a request that
/// went around the API's checks (a new endpoint without a rule, a bug) still cannot write another
/// facility's records. Sensor windows and excursions are the ingestion's own: no API caller writes
/// them. Calls without a caller (the platform's own work) pass.
/// </summary>
public sealed class CaptureBoundary : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Guarded(context) is { } guard && CallerContext.TryCurrent(out var caller))
        {
            var decision = guard.Operation is { } operation
                ? AccessPolicy.Decide(caller, operation)
                : Decision.Deny("sensor windows and excursions are recorded by the platform's ingestion, not through the API");
            if (!decision.Allowed)
            {
                throw new UnauthorizedAccessException($"refused at the grain boundary: {decision.Reason}");
            }
        }

        return context.Invoke();
    }

    /// <summary>The operation a guarded call performs (inner null: one no API caller may perform); null when the call is not guarded.</summary>
    private static Guard? Guarded(IIncomingGrainCallContext context) => context.Grain switch
    {
        IFacilityGrain when context.InterfaceMethod.Name == nameof(IFacilityGrain.Capture) =>
            new Guard(CaptureOf(context.Request.GetArgument(0) as FacilityEvent, context.TargetId.Key.ToString())),
        IFacilityGrain when context.InterfaceMethod.Name == nameof(IFacilityGrain.HarvestMany) =>
            new Guard(Operation.Capture(SecurityRecordKind.Harvest, context.TargetId.Key.ToString())),
        ISiteGrain when context.InterfaceMethod.Name is nameof(ISiteGrain.RecordReadings) or nameof(ISiteGrain.RecordExcursion) => new Guard(null),
        IConditionProfilesGrain when context.InterfaceMethod.Name == nameof(IConditionProfilesGrain.Change) => new Guard(Operation.ChangeConditionProfile()),
        _ => null,
    };

    private static Operation? CaptureOf(FacilityEvent? candidate, string facilityId) => candidate switch
    {
        FacilityRegistered => Operation.RegisterFacility(),
        AreaRegistered => Operation.Capture(SecurityRecordKind.Area, facilityId),
        SiteRegistered => Operation.Capture(SecurityRecordKind.Site, facilityId),
        ProductRegistered => Operation.Capture(SecurityRecordKind.Product, facilityId),
        BatchHarvested => Operation.Capture(SecurityRecordKind.Harvest, facilityId),
        StepRecorded => Operation.Capture(SecurityRecordKind.Step, facilityId),
        StorageRecorded => Operation.Capture(SecurityRecordKind.Storage, facilityId),
        LotPacked => Operation.Capture(SecurityRecordKind.Lot, facilityId),
        LotRecalled => Operation.Capture(SecurityRecordKind.Recall, facilityId),
        _ => null,
    };

    private sealed record Guard(Operation? Operation);
}
