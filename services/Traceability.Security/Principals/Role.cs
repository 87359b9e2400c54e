namespace Traceability.Security.Principals;

/// <summary>
/// What a principal is to the platform. The public has no role: it is the absence of a
/// principal, and the policy treats a <see langword="null"/> principal as the public.
/// </summary>
public enum Role
{
    /// <summary>Registers facilities, devices and keys; reads everything.</summary>
    Admin,

    /// <summary>A facility's operator: writes and reads that one facility's records.</summary>
    Operator,

    /// <summary>Reads everything (or a province/district), writes inspection notes and condition profiles.</summary>
    Inspector,

    /// <summary>A site gateway: publishes readings and status for one site, as one device.</summary>
    Device,
}
