using Traceability.Security.Principals;
using Traceability.Telemetry;

namespace Traceability.Security.Policy;

/// <summary>
/// The one access policy: who may do which <see cref="Operation"/>. Pure (no I/O, no clock),
/// stateless and thread-safe. It fails closed: a malformed principal, an operation missing the
/// facility it is about, or a kind it does not know is denied. A <see langword="null"/> principal
/// is the public.
/// </summary>
public static class AccessPolicy
{
    public static Decision Decide(Principal? principal, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var who = WhoMay(operation);
        if (operation.Kind is OperationKind.Health or OperationKind.PublicTrace)
        {
            return Decision.Allow(who);
        }

        if (principal is null)
        {
            return Decision.Deny($"credentials required: {who}");
        }

        if (principal.ShapeProblem() is { } shape)
        {
            return Decision.Deny($"the credential's principal is invalid ({shape}): {who}");
        }

        if (operation.Kind is OperationKind.Capture or OperationKind.ReadFacility or OperationKind.WriteInspectionNote
            && string.IsNullOrWhiteSpace(operation.FacilityId))
        {
            return Decision.Deny($"the request names no facility: {who}");
        }

        if (operation.Kind == OperationKind.Capture && operation.Record is null)
        {
            return Decision.Deny($"the request names no record kind: {who}");
        }

        var allowed = operation.Kind switch
        {
            OperationKind.RegisterFacility or OperationKind.ManageDevices or OperationKind.ManageKeys or OperationKind.OperateLedger =>
                principal.Role == Role.Admin,
            OperationKind.Capture => principal.Role == Role.Operator && SameFacility(principal, operation),
            OperationKind.ReadFacility => principal.Role switch
            {
                Role.Admin => true,
                Role.Operator => SameFacility(principal, operation),
                Role.Inspector => InScope(principal, operation),
                _ => false,
            },
            OperationKind.ReadPlatform => principal.Role is Role.Admin or Role.Inspector,
            OperationKind.ReadReference => principal.Role is Role.Admin or Role.Operator or Role.Inspector,
            OperationKind.ChangeConditionProfile => principal.Role == Role.Inspector && principal.Scope is null,
            OperationKind.WriteInspectionNote => principal.Role == Role.Inspector && InScope(principal, operation),
            OperationKind.PublishTelemetry => principal.Role == Role.Device && OwnTopic(principal, operation.Topic),
            _ => false,
        };

        if (!allowed)
        {
            return Decision.Deny($"{principal} may not: {who}");
        }

        return operation.Kind == OperationKind.ReadPlatform && principal.Scope is { } scope
            ? Decision.Allow($"{who}; results limited to {scope}", scope)
            : Decision.Allow(who);
    }

    /// <summary>Who may do <paramref name="operation"/>, in words: the reason on every decision.</summary>
    public static string WhoMay(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.Kind switch
        {
            OperationKind.Health => "the health check is open to everyone",
            OperationKind.PublicTrace => "a lot's public trace, proof and Digital Link page are open to everyone",
            OperationKind.RegisterFacility => "only an admin may register a facility",
            OperationKind.Capture => $"only the operator of facility {operation.FacilityId} may record its {Plural(operation.Record)}",
            OperationKind.ReadFacility => $"facility {operation.FacilityId}'s records are read by its operator, inspectors whose scope covers it, and admins",
            OperationKind.ReadPlatform => "platform-wide reads are for inspectors (within their scope) and admins",
            OperationKind.ReadReference => "reference data is read by any signed-in admin, operator or inspector",
            OperationKind.ChangeConditionProfile => "only an inspector without a regional scope may change a condition profile",
            OperationKind.WriteInspectionNote => $"only an inspector whose scope covers facility {operation.FacilityId} may write an inspection note on it",
            OperationKind.ManageDevices => "only an admin may manage devices",
            OperationKind.ManageKeys => "only an admin may manage keys",
            OperationKind.OperateLedger => "only an admin may operate the ledger",
            OperationKind.PublishTelemetry => "only a device may publish, on its own ocop/{facility}/{site}/{device}/readings and /status topics",
            _ => $"no one may do {operation.Kind}",
        };
    }

    private static bool SameFacility(Principal principal, Operation operation) =>
        string.Equals(principal.FacilityId, operation.FacilityId, StringComparison.Ordinal);

    // An inspector without a scope covers every facility; a scoped one only facilities known to be inside it.
    private static bool InScope(Principal principal, Operation operation) =>
        principal.Scope is not { } scope || scope.Covers(operation.FacilityRegion);

    private static bool OwnTopic(Principal device, string? topic) =>
        TelemetryTopics.TryParse(topic, out var address)
        && string.Equals(address.Facility, device.FacilityId, StringComparison.Ordinal)
        && string.Equals(address.Site, device.SiteId, StringComparison.Ordinal)
        && string.Equals(address.Device, device.DeviceId, StringComparison.Ordinal);

    private static string Plural(RecordKind? record) => record switch
    {
        RecordKind.Storage => "storage periods",
        RecordKind.Harvest => "harvests",
        null => "records",
        { } r => r.ToString().ToLowerInvariant() + "s",
    };
}
