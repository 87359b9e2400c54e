namespace Traceability.Rules;

/// <summary>
/// A refused record: which field broke which rule, in words a facility operator can act on.
/// </summary>
/// <param name="Kind">The class of failure.</param>
/// <param name="Field">The request field at fault, in the proto's snake_case path (e.g. <c>inputs[1].mass_g</c>).</param>
/// <param name="Message">The rule, stated for a person.</param>
[GenerateSerializer, Immutable]
public sealed record RuleViolation(ViolationKind Kind, string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";

    public static RuleViolation Invalid(string field, string message) => new(ViolationKind.InvalidArgument, field, message);

    public static RuleViolation Precondition(string field, string message) => new(ViolationKind.FailedPrecondition, field, message);

    public static RuleViolation NotFound(string field, string message) => new(ViolationKind.NotFound, field, message);

    public static RuleViolation Exists(string field, string message) => new(ViolationKind.AlreadyExists, field, message);
}
