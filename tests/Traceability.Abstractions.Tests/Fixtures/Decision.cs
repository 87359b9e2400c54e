using Traceability.Rules;

namespace Traceability.Abstractions.Tests.Fixtures;

/// <summary>Assertions on what <see cref="CaptureRules.Check"/> decided, phrased as an operator would read them.</summary>
internal static class Decision
{
    public static void Accepted(CaptureDecision decision)
    {
        Assert.True(decision.Accepted, $"expected the record to be accepted, but: {decision.Violation}{(decision.Repeats is null ? string.Empty : " (answered as a repeat)")}");
        Assert.Null(decision.Violation);
        Assert.Null(decision.Repeats);
    }

    /// <summary>Asserts a refusal of <paramref name="kind"/> naming <paramref name="field"/>, and returns it for further checks.</summary>
    public static RuleViolation Refused(CaptureDecision decision, ViolationKind kind, string field)
    {
        var violation = decision.Violation;
        Assert.True(violation is not null, $"expected {kind} on '{field}', but the record was {(decision.Repeats is null ? "accepted" : "answered as a repeat")}");
        Assert.Equal((kind, field), (violation.Kind, violation.Field));
        Assert.False(decision.Accepted);
        Assert.Null(decision.Repeats);
        Assert.False(string.IsNullOrWhiteSpace(violation.Message));
        return violation;
    }

    public static RuleViolation Invalid(CaptureDecision decision, string field) => Refused(decision, ViolationKind.InvalidArgument, field);

    public static RuleViolation Precondition(CaptureDecision decision, string field) => Refused(decision, ViolationKind.FailedPrecondition, field);

    public static RuleViolation NotFound(CaptureDecision decision, string field) => Refused(decision, ViolationKind.NotFound, field);

    public static RuleViolation Exists(CaptureDecision decision, string field) => Refused(decision, ViolationKind.AlreadyExists, field);
}
