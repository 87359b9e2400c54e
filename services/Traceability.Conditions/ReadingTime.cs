namespace Traceability.Conditions;

/// <summary>
/// Time as the time-series stores keep it: whole milliseconds since the Unix epoch, UTC. Every store
/// truncates a reading's time to the millisecond before writing (toward the past, so 10.9 ms is kept
/// as 10 ms), and a reading read back carries exactly that truncated time with offset zero. Query
/// bounds are rounded up to the next whole millisecond, so that "since ≤ time &lt; until" means the
/// same for the truncated times as for the exact ones. Pure and thread-safe.
/// </summary>
public static class ReadingTime
{
    /// <summary><paramref name="at"/> truncated to the millisecond, in UTC (offset zero).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ToUnixMilliseconds(at));

    /// <summary>Milliseconds since the Unix epoch, truncated toward the past.</summary>
    public static long ToUnixMilliseconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return FloorDivide(ticks, TimeSpan.TicksPerMillisecond);
    }

    /// <summary>
    /// A query bound in milliseconds since the Unix epoch, rounded up: a truncated time <c>t</c>
    /// satisfies <c>t ≥ bound</c> exactly when the exact time it came from is ≥ <paramref name="bound"/>.
    /// </summary>
    public static long BoundToUnixMilliseconds(DateTimeOffset bound)
    {
        var ticks = bound.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return -FloorDivide(-ticks, TimeSpan.TicksPerMillisecond);
    }

    /// <summary>The instant <paramref name="unixMilliseconds"/> after the Unix epoch, offset zero.</summary>
    public static DateTimeOffset FromUnixMilliseconds(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private static long FloorDivide(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
