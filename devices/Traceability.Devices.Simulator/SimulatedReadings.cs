using Traceability.Devices.Agent;
using Traceability.Telemetry.Simulation;
using Traceability.Telemetry;

namespace Traceability.Devices.Simulator;

/// <summary>Readings a simulated device would have taken in the recent past. Pure.</summary>
public static class SimulatedReadings
{
    /// <summary>
    /// <paramref name="count"/> readings of <paramref name="model"/>, one sample (all its sensors)
    /// every <paramref name="interval"/>, the last sample at <paramref name="end"/>, oldest first;
    /// the interval shrinks so that the whole history fits in <paramref name="maxSpan"/> (times stay
    /// plausible: recent, never in the future). The last sample may be cut short to make the count.
    /// </summary>
    public static IReadOnlyList<SensorReading> Generate(IConditionModel model, int count, DateTimeOffset end, TimeSpan interval, TimeSpan maxSpan)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        var perSample = Math.Max(1, model.At(end).Count);
        var samples = (count + perSample - 1) / perSample;
        if (samples > 1 && interval * (samples - 1) > maxSpan)
        {
            // Milliseconds at the least: readings of one sensor need distinct times.
            interval = TimeSpan.FromMilliseconds(Math.Max(1, Math.Floor(maxSpan.TotalMilliseconds / (samples - 1))));
        }

        var readings = new List<SensorReading>(count);
        for (var i = 0; i < samples && readings.Count < count; i++)
        {
            var at = end - (interval * (samples - 1 - i));
            foreach (var reading in SimulatedSensorDriver.Read(model, at))
            {
                if (readings.Count == count)
                {
                    break;
                }

                readings.Add(reading);
            }
        }

        return readings;
    }

    /// <summary>How <paramref name="total"/> readings are shared among <paramref name="devices"/> devices: as evenly as possible, the first ones taking the remainder.</summary>
    public static int Share(long total, int devices, int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        return (int)((total / devices) + (index < total % devices ? 1 : 0));
    }
}
