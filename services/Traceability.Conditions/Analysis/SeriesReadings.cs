using System.Buffers;
using System.Runtime.InteropServices;

namespace Traceability.Conditions.Analysis;

/// <summary>
/// One series' readings inside a window, as two parallel arrays (UTC ticks, values) in time order:
/// the shape the analysis walks once, without touching a reading object again.
/// </summary>
internal sealed class SeriesReadings(SeriesKey key, long[] ticks, double[] values)
{
    /// <summary>Which series.</summary>
    public SeriesKey Key { get; } = key;

    /// <summary>The readings' times (UTC ticks), never decreasing.</summary>
    public long[] Ticks { get; } = ticks;

    /// <summary>The readings' values, in the order of <see cref="Ticks"/>.</summary>
    public double[] Values { get; } = values;

    /// <summary>
    /// The readings with <paramref name="fromTicks"/> ≤ time &lt; <paramref name="untilTicks"/>, grouped by
    /// (device, sensor, quantity, unit) and ordered by device, sensor, quantity and unit (ordinal).
    /// Within a series the input's time order is kept; a series that is not in time order is sorted.
    /// Two passes: one finds each reading's series and counts, the other fills arrays of the exact size.
    /// </summary>
    public static List<SeriesReadings> Group(IReadOnlyList<StoredReading> readings, long fromTicks, long untilTicks)
    {
        var count = readings.Count;
        var slots = new Dictionary<StoredReading, int>(SeriesComparer.Instance);
        var firsts = new List<StoredReading>();
        var sizes = new List<int>();
        var seriesOf = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        try
        {
            for (var i = 0; i < count; i++)
            {
                var reading = readings[i];
                var at = reading.At.UtcTicks;
                if (at < fromTicks || at >= untilTicks)
                {
                    seriesOf[i] = -1;
                    continue;
                }

                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, reading, out var exists);
                if (!exists)
                {
                    slot = sizes.Count;
                    firsts.Add(reading);
                    sizes.Add(0);
                }

                seriesOf[i] = slot;
                CollectionsMarshal.AsSpan(sizes)[slot]++;
            }

            var ticks = new long[sizes.Count][];
            var values = new double[sizes.Count][];
            for (var s = 0; s < sizes.Count; s++)
            {
                ticks[s] = new long[sizes[s]];
                values[s] = new double[sizes[s]];
            }

            var filled = new int[sizes.Count];
            for (var i = 0; i < count; i++)
            {
                var s = seriesOf[i];
                if (s < 0)
                {
                    continue;
                }

                var reading = readings[i];
                var at = filled[s]++;
                ticks[s][at] = reading.At.UtcTicks;
                values[s][at] = reading.Value;
            }

            var series = new List<SeriesReadings>(sizes.Count);
            for (var s = 0; s < sizes.Count; s++)
            {
                if (!IsInTimeOrder(ticks[s]))
                {
                    Array.Sort(ticks[s], values[s]);
                }

                var first = firsts[s];
                series.Add(new SeriesReadings(new SeriesKey(first.Device, first.Sensor, first.Quantity, first.Unit), ticks[s], values[s]));
            }

            series.Sort(static (a, b) => CompareKeys(a.Key, b.Key));
            return series;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(seriesOf);
        }
    }

    /// <summary>Orders series by device, sensor, quantity and unit (ordinal).</summary>
    public static int CompareKeys(SeriesKey a, SeriesKey b)
    {
        var c = string.CompareOrdinal(a.Device, b.Device);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Sensor, b.Sensor);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Quantity, b.Quantity);
        }

        return c == 0 ? string.CompareOrdinal(a.Unit, b.Unit) : c;
    }

    private static bool IsInTimeOrder(long[] ticks)
    {
        for (var i = 1; i < ticks.Length; i++)
        {
            if (ticks[i] < ticks[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Readings of one series are equal: same device, sensor, quantity and unit (ordinal).</summary>
    private sealed class SeriesComparer : IEqualityComparer<StoredReading>
    {
        public static readonly SeriesComparer Instance = new();

        public bool Equals(StoredReading? x, StoredReading? y) =>
            ReferenceEquals(x, y)
            || (x is not null && y is not null
                && string.Equals(x.Device, y.Device, StringComparison.Ordinal)
                && string.Equals(x.Sensor, y.Sensor, StringComparison.Ordinal)
                && string.Equals(x.Quantity, y.Quantity, StringComparison.Ordinal)
                && string.Equals(x.Unit, y.Unit, StringComparison.Ordinal));

        public int GetHashCode(StoredReading obj) =>
            HashCode.Combine(
                StringComparer.Ordinal.GetHashCode(obj.Device),
                StringComparer.Ordinal.GetHashCode(obj.Sensor),
                StringComparer.Ordinal.GetHashCode(obj.Quantity),
                StringComparer.Ordinal.GetHashCode(obj.Unit));
    }
}
