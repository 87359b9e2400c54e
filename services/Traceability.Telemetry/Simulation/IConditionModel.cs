namespace Traceability.Telemetry.Simulation;

/// <summary>
/// The conditions a site's sensors would measure at a given time. Implementations are pure and
/// deterministic (same seed and time, same values), so the simulator and its tests agree.
/// </summary>
public interface IConditionModel
{
    /// <summary>The value of every sensor at <paramref name="at"/>.</summary>
    IReadOnlyList<ConditionValue> At(DateTimeOffset at);
}
