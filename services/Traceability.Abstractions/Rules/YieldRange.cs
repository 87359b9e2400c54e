namespace Traceability.Rules;

/// <summary>
/// The plausible ratio of output mass to input mass for one kind of step, bounds included.
/// </summary>
public sealed record YieldRange(double Min, double Max)
{
    public bool Contains(double ratio) => ratio >= Min && ratio <= Max;
}
