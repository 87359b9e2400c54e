using Traceability.Security.Principals;

namespace Traceability.Security.Policy;

/// <summary>
/// The policy's answer: allowed or not, with a reason that names who may (so a denial tells a
/// person what credential would work). <see cref="ResultsLimitedTo"/> is set when a platform-wide
/// read is allowed to a regionally scoped inspector: the caller must filter what it returns to
/// facilities in that region.
/// </summary>
public sealed record Decision(bool Allowed, string Reason, Region? ResultsLimitedTo = null)
{
    public static Decision Allow(string reason, Region? resultsLimitedTo = null) => new(true, reason, resultsLimitedTo);

    public static Decision Deny(string reason) => new(false, reason);
}
