using Traceability.Events;
using Traceability.Rules;

namespace Traceability.Grains;

/// <summary>
/// The answer to a capture: the recorded event (new, or the earlier one a retry repeats), or the
/// rule it broke.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CaptureResult(RecordedEvent? Recorded, bool Repeated, RuleViolation? Violation)
{
    public static CaptureResult Refused(RuleViolation violation) => new(null, false, violation);
}
