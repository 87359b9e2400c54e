using Traceability.Events;

namespace Traceability.Rules;

/// <summary>The outcome of checking a candidate event: accept it, answer with the record it repeats, or refuse it.</summary>
public sealed record CaptureDecision(RuleViolation? Violation, RecordedEvent? Repeats)
{
    public static CaptureDecision Accept { get; } = new(null, null);

    public bool Accepted => Violation is null && Repeats is null;

    public static CaptureDecision Refuse(RuleViolation violation) => new(violation, null);

    public static CaptureDecision Repeat(RecordedEvent original) => new(null, original);
}
