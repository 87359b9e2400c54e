using Traceability.Telemetry;

namespace Traceability.Devices.Agent;

/// <summary>
/// Reads the current values of one device's sensors. A driver speaks to hardware (Modbus RTU,
/// a serial line, a simulated curve) and knows nothing of buffering or MQTT: the agent calls it
/// once per sampling interval and buffers what it returns.
/// </summary>
/// <remarks>Called by one loop at a time; implementations need not be thread-safe.</remarks>
public interface ISensorDriver
{
    /// <summary>
    /// The present value of every sensor the device has, each stamped with the device's clock.
    /// A sensor that cannot be read is left out (or the call throws when the whole bus is down);
    /// the agent logs the failure and tries again at the next interval.
    /// </summary>
    ValueTask<IReadOnlyList<SensorReading>> ReadAsync(CancellationToken cancellationToken);
}
