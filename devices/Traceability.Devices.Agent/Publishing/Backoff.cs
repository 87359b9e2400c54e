namespace Traceability.Devices.Agent.Publishing;

/// <summary>Capped exponential backoff: <c>min · 2^attempt</c>, never more than <c>max</c>. Pure.</summary>
public static class Backoff
{
    /// <summary>The wait before retry number <paramref name="attempt"/> (0 for the first retry).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max)
    {
        if (attempt <= 0)
        {
            return min < max ? min : max;
        }

        // 2^30 times any sensible minimum is beyond any sensible maximum: stop doubling there.
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ticks = min.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
