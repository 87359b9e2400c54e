using Traceability.Telemetry.Simulation;
using Traceability.Telemetry;

namespace Traceability.Devices.Agent;

/// <summary>
/// A driver whose sensors follow a <see cref="IConditionModel"/> (a drying run, a storage room)
/// at the time <see cref="TimeProvider"/> gives: the agent runs unchanged without hardware, and
/// tests drive it with a fake clock. Values are rounded to 0.01 as a real sensor's register would be,
/// times to the millisecond.
/// </summary>
public sealed class SimulatedSensorDriver(IConditionModel model, TimeProvider time) : ISensorDriver
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SensorReading>> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        return ValueTask.FromResult(Read(model, now));
    }

    /// <summary>The readings <paramref name="model"/> gives at <paramref name="at"/> (pure).</summary>
    public static IReadOnlyList<SensorReading> Read(IConditionModel model, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(model);
        var stamp = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var values = model.At(stamp);
        var readings = new SensorReading[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            readings[i] = new SensorReading(value.Sensor, value.Quantity.Name, value.Quantity.Unit, Math.Round(value.Value, 2), stamp);
        }

        return readings;
    }
}
