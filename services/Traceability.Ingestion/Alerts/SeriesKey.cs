using Traceability.Conditions;

namespace Traceability.Ingestion.Alerts;

/// <summary>One series of readings: one quantity measured by one sensor of one device at one site.</summary>
public readonly record struct SeriesKey(string Facility, string Site, string Device, string Sensor, string Quantity)
{
    /// <summary>The series <paramref name="reading"/> belongs to.</summary>
    public static SeriesKey Of(StoredReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new(reading.Facility, reading.Site, reading.Device, reading.Sensor, reading.Quantity);
    }
}
