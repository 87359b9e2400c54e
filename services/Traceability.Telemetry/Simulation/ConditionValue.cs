using Traceability.Telemetry;

namespace Traceability.Telemetry.Simulation;

/// <summary>What one sensor measures at one time, before it becomes a <see cref="SensorReading"/>.</summary>
public sealed record ConditionValue(string Sensor, Quantity Quantity, double Value);
