namespace Traceability.Conditions.Analysis;

/// <summary>
/// Thins a series for a chart: a report draws a few hundred points, not 43,200 a sensor sends in a
/// month. Keeping each bucket's lowest and highest reading (rather than an average or every n-th)
/// keeps excursion peaks on the chart. Pure and thread-safe.
/// </summary>
public static class ChartThinning
{
    /// <summary>
    /// At most <paramref name="maxPoints"/> points of <paramref name="series"/> (one series' readings,
    /// in time order), in time order. All of them when there are no more; else the time from the first
    /// to the last reading is split into <paramref name="maxPoints"/> / 2 equal buckets and each keeps
    /// its lowest and highest reading (the first of equal ones; one point when that is the same
    /// reading), so the series' extremes always survive.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPoints"/> is less than 2.</exception>
    public static IReadOnlyList<(DateTimeOffset At, double Value)> Thin(IReadOnlyList<StoredReading> series, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);

        var count = series.Count;
        if (count <= maxPoints)
        {
            var all = new (DateTimeOffset, double)[count];
            for (var i = 0; i < count; i++)
            {
                all[i] = (series[i].At, series[i].Value);
            }

            return all;
        }

        var buckets = maxPoints / 2;
        long first = long.MaxValue, last = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var at = series[i].At.UtcTicks;
            first = Math.Min(first, at);
            last = Math.Max(last, at);
        }

        // Bucket b holds [first + b·span/buckets, first + (b+1)·span/buckets); the last reading joins the last bucket.
        var span = (double)(last - first);
        var lowest = new int[buckets];
        var highest = new int[buckets];
        Array.Fill(lowest, -1);
        Array.Fill(highest, -1);
        for (var i = 0; i < count; i++)
        {
            var reading = series[i];
            var bucket = span == 0 ? 0 : (int)Math.Min(buckets - 1, (reading.At.UtcTicks - first) / span * buckets);
            if (lowest[bucket] < 0 || reading.Value < series[lowest[bucket]].Value)
            {
                lowest[bucket] = i;
            }

            if (highest[bucket] < 0 || reading.Value > series[highest[bucket]].Value)
            {
                highest[bucket] = i;
            }
        }

        var points = new List<(DateTimeOffset At, double Value)>(maxPoints);
        for (var b = 0; b < buckets; b++)
        {
            if (lowest[b] < 0)
            {
                continue;
            }

            var (earlier, later) = lowest[b] <= highest[b] ? (lowest[b], highest[b]) : (highest[b], lowest[b]);
            points.Add((series[earlier].At, series[earlier].Value));
            if (later != earlier)
            {
                points.Add((series[later].At, series[later].Value));
            }
        }

        return points;
    }
}
