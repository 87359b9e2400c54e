namespace Traceability.Conditions;

/// <summary>
/// The order <see cref="ITimeSeriesStore.ReadAsync"/> returns readings in (time, then device, sensor
/// and quantity, ordinal), and the collapse of readings sharing one identity (site, device, sensor,
/// quantity, time) into one, the one seen last. The InfluxDB and VictoriaMetrics readers use it: their
/// servers return series by series, and a series is keyed by all tags (facility and unit too), so one
/// identity could come back in two series. Pure and thread-safe.
/// </summary>
public static class ReadingOrder
{
    /// <summary>Compares by time, then device, sensor, quantity and site (ordinal).</summary>
    public static int Compare(StoredReading? x, StoredReading? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = x.At.UtcTicks.CompareTo(y.At.UtcTicks);
        if (c == 0)
        {
            c = string.CompareOrdinal(x.Device, y.Device);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(x.Sensor, y.Sensor);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(x.Quantity, y.Quantity);
        }

        return c == 0 ? string.CompareOrdinal(x.Site, y.Site) : c;
    }

    /// <summary>
    /// <paramref name="readings"/> ordered by <see cref="Compare"/>, each identity once (the last one
    /// in the input's order wins). Sorts the list in place and returns it.
    /// </summary>
    public static List<StoredReading> SortAndCollapse(List<StoredReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);

        // A stable sort keeps the input order among equal identities, so "last seen" stays last.
        var indexed = new (StoredReading Reading, int Index)[readings.Count];
        for (var i = 0; i < indexed.Length; i++)
        {
            indexed[i] = (readings[i], i);
        }

        Array.Sort(indexed, static (a, b) =>
        {
            var c = Compare(a.Reading, b.Reading);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });

        readings.Clear();
        foreach (var (reading, _) in indexed)
        {
            if (readings.Count > 0 && Compare(readings[^1], reading) == 0)
            {
                readings[^1] = reading;
            }
            else
            {
                readings.Add(reading);
            }
        }

        return readings;
    }
}
