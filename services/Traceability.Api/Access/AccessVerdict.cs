using Traceability.Security.Principals;

namespace Traceability.Api.Access;

/// <summary>What the access checks decided for one request.</summary>
public enum AccessOutcome
{
    Allowed,

    /// <summary>No valid credential where one is needed (HTTP 401, gRPC UNAUTHENTICATED).</summary>
    Unauthenticated,

    /// <summary>A valid credential that may not do this (HTTP 403, gRPC PERMISSION_DENIED).</summary>
    Forbidden,

    /// <summary>The decision could not be recorded in the audit log, so the request is not served (HTTP 503, gRPC UNAVAILABLE).</summary>
    Unavailable,
}

/// <summary>The outcome, the principal it was decided for, the reason, and the region a platform-wide read is limited to.</summary>
public sealed record AccessVerdict(AccessOutcome Outcome, Principal? Principal, string Reason, Region? ResultsLimitedTo = null)
{
    public bool Allowed => Outcome == AccessOutcome.Allowed;
}
