using Traceability.Telemetry;

namespace Traceability.Security.Principals;

/// <summary>
/// Who is calling, as established by a credential: the role, the subject (a key id or a user
/// name), and what the role is bound to. Immutable; build one with the factories, which give the
/// only valid shapes, and check any other with <see cref="ShapeProblem"/>.
/// </summary>
/// <param name="Role">What the principal is.</param>
/// <param name="Subject">The key id or user the credential names.</param>
/// <param name="FacilityId">The operator's facility, or the device's facility; none for other roles.</param>
/// <param name="Scope">The inspector's province/district; none means the whole country. Inspectors only.</param>
/// <param name="DeviceId">The device's id. Devices only.</param>
/// <param name="SiteId">The device's site. Devices only.</param>
public sealed record Principal(
    Role Role,
    string Subject,
    string? FacilityId = null,
    Region? Scope = null,
    string? DeviceId = null,
    string? SiteId = null)
{
    public static Principal ForAdmin(string subject) => Valid(new Principal(Role.Admin, subject));

    public static Principal ForOperator(string subject, string facilityId) => Valid(new Principal(Role.Operator, subject, FacilityId: facilityId));

    public static Principal ForInspector(string subject, Region? scope = null) => Valid(new Principal(Role.Inspector, subject, Scope: scope));

    public static Principal ForDevice(string subject, string facilityId, string siteId, string deviceId) =>
        Valid(new Principal(Role.Device, subject, FacilityId: facilityId, DeviceId: deviceId, SiteId: siteId));

    /// <summary>
    /// Why this principal's shape is invalid (an operator without a facility, an admin bound to a
    /// facility, a device without its site, …), or <see langword="null"/> when it is valid.
    /// </summary>
    public string? ShapeProblem()
    {
        if (string.IsNullOrWhiteSpace(Subject))
        {
            return "a principal needs a subject (key id or user)";
        }

        if (!Enum.IsDefined(Role))
        {
            return $"unknown role {(int)Role}";
        }

        if (Scope is not null && (Role != Role.Inspector || string.IsNullOrWhiteSpace(Scope.Province) || (Scope.District is not null && string.IsNullOrWhiteSpace(Scope.District))))
        {
            return Role == Role.Inspector ? "an inspector's scope names a province (and optionally a district)" : $"only an inspector has a regional scope, not a {Role}";
        }

        var hasFacility = !string.IsNullOrWhiteSpace(FacilityId);
        var hasDevice = !string.IsNullOrWhiteSpace(DeviceId);
        var hasSite = !string.IsNullOrWhiteSpace(SiteId);
        return Role switch
        {
            Role.Operator when !hasFacility => "an operator is bound to one facility and names none",
            Role.Operator when hasDevice || hasSite => "an operator is not bound to a device or site",
            Role.Device when !(hasFacility && hasSite && hasDevice) => "a device names its facility, site and device id",
            Role.Device when !(IsTopicLevel(FacilityId) && IsTopicLevel(SiteId) && IsTopicLevel(DeviceId)) =>
                "a device's facility, site and device ids are MQTT topic levels (letters, digits, '.', '_', '-'; not only dots)",
            Role.Admin or Role.Inspector when hasFacility || hasDevice || hasSite => $"an {Role.ToString().ToLowerInvariant()} is not bound to a facility, site or device",
            Role.Operator or Role.Device when FacilityId is not null && !string.Equals(FacilityId, FacilityId.Trim(), StringComparison.Ordinal) => "a facility id has no surrounding spaces",
            _ => null,
        };
    }

    /// <summary>How the audit log names this principal: <c>role:subject</c>.</summary>
    public override string ToString() => $"{Role.ToString().ToLowerInvariant()}:{Subject}";

    // A level made only of dots is a path trick waiting for a broker or file system that treats it as one.
    private static bool IsTopicLevel(string? id) => TelemetryTopics.IsId(id) && id.Any(c => c != '.');

    private static Principal Valid(Principal principal) =>
        principal.ShapeProblem() is { } problem ? throw new ArgumentException(problem) : principal;
}
